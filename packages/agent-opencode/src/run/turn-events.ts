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

/** Where a turn sends its live events; the agent adds its identity and publishes them. */
export interface TurnEventSink {
  toolStart(data: WithoutIdentity<ToolCallStartData>): void;
  toolEnd(data: WithoutIdentity<ToolCallEndData>): void;
  textDelta(data: WithoutIdentity<TextDeltaData>): void;
  status(data: WithoutIdentity<AgentStatusData>): void;
  error(data: WithoutIdentity<AgentErrorData>): void;
  permissionRequest(data: WithoutIdentity<PermissionRequestData>): void;
  permissionReply(data: WithoutIdentity<PermissionReplyData>): void;
}
