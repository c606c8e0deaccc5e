import type {
  AgentErrorData,
  AgentStatusData,
  PermissionReplyData,
  PermissionRequestData,
  TextDeltaData,
  ToolCallEndData,
  ToolCallStartData,
} from '@openjarvis/core';

type WithoutIdentity<T> = Omit<T, 'agent' | 'runId' | 'workflow'>;

/** The data of each live event a turn produces, by the sink method that takes it. */
export interface TurnEventData {
  toolStart: WithoutIdentity<ToolCallStartData>;
  toolEnd: WithoutIdentity<ToolCallEndData>;
  textDelta: WithoutIdentity<TextDeltaData>;
  status: WithoutIdentity<AgentStatusData>;
  error: WithoutIdentity<AgentErrorData>;
  permissionRequest: WithoutIdentity<PermissionRequestData>;
  permissionReply: WithoutIdentity<PermissionReplyData>;
}

/** Where a turn sends its live events; the agent adds its identity and publishes them. */
export type TurnEventSink = { [K in keyof TurnEventData]: (data: TurnEventData[K]) => void };

/** One live event as data: the sink method it goes to and what it carries. */
export type TurnEmission<K extends keyof TurnEventData = keyof TurnEventData> = {
  [P in K]: { to: P; data: TurnEventData[P] };
}[K];

/** Hands one emission to the sink method it names. */
export function deliver<K extends keyof TurnEventData>(
  sink: TurnEventSink,
  emission: TurnEmission<K>,
): void {
  sink[emission.to](emission.data);
}
