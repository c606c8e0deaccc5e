import type { AgentResult, WorkflowTag } from '../agents/agent-result.js';
import type { WorkspaceDiff } from '../diff/workspace-diff.js';
import type { FinishReason, Usage } from '../engines/inference-engine.js';

/** Fields every event of an agent run carries. */
export interface AgentEventBase {
  /** The agent's id, e.g. `opencode`. */
  agent: string;
  /** Tells concurrent runs apart. */
  runId: string;
  /** Present when the run is a step of a pipeline. */
  workflow?: WorkflowTag;
}

export interface ServerAddress {
  address: string;
  port: number;
}

export interface TurnUsage {
  inputTokens: number;
  outputTokens: number;
  reasoningTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

export interface AgentTurnStartData extends AgentEventBase {
  input: string;
  model?: string;
  /** The engine (or opencode provider) that serves the model. */
  provider?: string;
}

export interface AgentTurnEndData extends AgentEventBase {
  turns: number;
  error?: boolean;
  errorKind?: string;
  durationMs: number;
  model?: string;
  provider?: string;
  usage?: TurnUsage;
  /** The conversation the turn belongs to (opencode: its session id). */
  sessionId?: string;
  /** Where a remote agent served the turn. */
  server?: ServerAddress;
  result: AgentResult;
}

export interface TextDeltaData extends AgentEventBase {
  delta: string;
  kind: 'text' | 'reasoning';
  sessionId?: string;
  partId?: string;
}

export interface AgentStatusData extends AgentEventBase {
  status:
    | 'server_starting'
    | 'server_ready'
    | 'retrying'
    | 'stream_reconnected'
    /** The agent replaces its server after this run (its recycling policy). */
    | 'server_recycling';
  message?: string;
  attempt?: number;
}

export interface AgentErrorData extends AgentEventBase {
  kind: string;
  message: string;
}

export interface ToolCallStartData extends AgentEventBase {
  tool: string;
  callId: string;
  input: unknown;
  sessionId?: string;
}

export interface ToolCallEndData extends AgentEventBase {
  tool: string;
  callId: string;
  success: boolean;
  output: string;
  durationMs: number;
  sessionId?: string;
  /** Why the call failed, when it did. */
  error?: string;
}

/** The change a run made to its workspace; published just before its `agent_turn_end`. */
export interface WorkspaceDiffData extends AgentEventBase {
  diff: WorkspaceDiff;
}

export type PermissionReply = 'once' | 'always' | 'reject';

export interface PermissionRequestData extends AgentEventBase {
  requestId: string;
  sessionId: string;
  /** The permission asked for, e.g. `bash`, `edit`, `external_directory`. */
  permission: string;
  patterns: string[];
  callId?: string;
  metadata: Record<string, unknown>;
}

export interface PermissionReplyData extends AgentEventBase {
  requestId: string;
  sessionId: string;
  permission: string;
  reply: PermissionReply;
  /** Who answered: the static policy, the caller's callback, or the timeout that denies. */
  by: 'policy' | 'callback' | 'timeout';
}

export interface InferenceStartData {
  /** Correlates start and end of one engine call. */
  inferenceId: string;
  engine: string;
  model: string;
  messageCount: number;
  stream: boolean;
  agent?: string;
  runId?: string;
  workflow?: WorkflowTag;
  server?: ServerAddress;
}

export interface InferenceEndData extends InferenceStartData {
  latencyMs: number;
  /** Time to first token (streams) or to the response (otherwise). */
  ttftMs?: number;
  usage?: Usage;
  finishReason?: FinishReason;
  throughputTokensPerSecond?: number;
  error?: string;
  errorType?: string;
}

export interface TelemetryRecord {
  timestamp: number;
  engine: string;
  model: string;
  latencyMs: number;
  ttftMs?: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  throughputTokensPerSecond?: number;
  isStreaming: boolean;
  agent?: string;
}

export interface TelemetryRecordData {
  record: TelemetryRecord;
}

export interface WorkflowStartData {
  workflowId: string;
  workflow: string;
  input: string;
}

export interface WorkflowNodeStartData {
  workflowId: string;
  workflow: string;
  step: string;
  agent: string;
  input: string;
  /** The agent run's id, as in the run's own events. */
  runId?: string;
}

export interface WorkflowNodeEndData extends WorkflowNodeStartData {
  success: boolean;
  durationMs: number;
  error?: string;
  /** The result's `metadata.errorKind`, or `agent_threw` / `input_error` / `aborted`. */
  errorKind?: string;
  result?: AgentResult;
}

export interface WorkflowEndData {
  workflowId: string;
  workflow: string;
  success: boolean;
  durationMs: number;
  error?: string;
  /** `aborted` (the caller aborted) or `step_failed`. */
  errorKind?: string;
  /** The first step that failed (under `stop`, the one that ended the pipeline). */
  failedStep?: string;
  /** The pipeline's output. */
  output?: string;
}

export interface ListenerErrorData {
  error: unknown;
  /** The type of the event whose delivery failed. */
  eventType: string;
}

/**
 * Maps each event type to its payload. Packages add their own events by
 * declaration merging:
 *
 * ```ts
 * declare module '@openjarvis/core' {
 *   interface EventPayloads { my_event: { value: number } }
 * }
 * ```
 */
export interface EventPayloads {
  agent_turn_start: AgentTurnStartData;
  agent_turn_end: AgentTurnEndData;
  agent_text_delta: TextDeltaData;
  agent_status: AgentStatusData;
  agent_error: AgentErrorData;
  tool_call_start: ToolCallStartData;
  tool_call_end: ToolCallEndData;
  workspace_diff: WorkspaceDiffData;
  permission_request: PermissionRequestData;
  permission_reply: PermissionReplyData;
  inference_start: InferenceStartData;
  inference_end: InferenceEndData;
  telemetry_record: TelemetryRecordData;
  workflow_start: WorkflowStartData;
  workflow_node_start: WorkflowNodeStartData;
  workflow_node_end: WorkflowNodeEndData;
  workflow_end: WorkflowEndData;
  listener_error: ListenerErrorData;
}
