import type { AgentResult, WorkflowTag } from '../agents/agent-result.js';
import type { Failure } from '../agents/failure.js';
import type { WorkspaceDiff } from '../diff/workspace-diff.js';
import type { FinishReason } from '../engines/inference-engine.js';
import type { Usage } from '../engines/usage.js';

/** Fields every event of an agent run carries. */
export interface AgentEventBase {
  /** The agent's id, e.g. `opencode`. */
  agent: string;
  /** Tells concurrent runs apart. */
  runId: string;
  /** Present when the run is a step of a pipeline. */
  workflow?: WorkflowTag;
}

/** Where a server listens, e.g. opencode's own HTTP server for a run. */
export interface ServerAddress {
  /** The IP address, e.g. `127.0.0.1`. */
  address: string;
  /** The TCP port. */
  port: number;
}

/** `agent_turn_start`: a run began; the first event of every run. */
export interface AgentTurnStartData extends AgentEventBase {
  /** The task or message the run was given. */
  input: string;
  /** The model the run asked for, as the agent names it. */
  model?: string;
  /** The engine (or opencode provider) that serves the model. */
  provider?: string;
}

/** `agent_turn_end`: a run ended, well or not; the last event of every run. */
export interface AgentTurnEndData extends AgentEventBase {
  /** Model round trips the run took (an opencode run counts as one). */
  turns: number;
  /** Set when the run failed; the same as `result.metadata.error`. */
  error?: Failure;
  /** From `agent_turn_start` to now. */
  durationMs: number;
  /** The model that served the run. */
  model?: string;
  /** The engine (or opencode provider) that served it. */
  provider?: string;
  /** Tokens the run used, when the engine reported them. */
  usage?: Usage;
  /** The conversation the turn belongs to (opencode: its session id). */
  sessionId?: string;
  /** Where a remote agent served the turn. */
  server?: ServerAddress;
  /** What `run()` resolves with: the answer, the tool results and the metadata. */
  result: AgentResult;
}

/** `agent_text_delta`: a piece of the model's answer (or reasoning), as it streams. */
export interface TextDeltaData extends AgentEventBase {
  /** The new text, to append to what came before. It may hold any character, controls included. */
  delta: string;
  /** `text` for the answer, `reasoning` for "thinking" the engine reports apart. */
  kind: 'text' | 'reasoning';
  /** The opencode session the text belongs to. */
  sessionId?: string;
  /** The opencode message part the text belongs to; deltas of one part share it. */
  partId?: string;
}

/** `agent_status`: what the agent is doing besides the model's work. */
export interface AgentStatusData extends AgentEventBase {
  /**
   * `server_starting` / `server_ready`: opencode is being started / listens;
   * `retrying`: an engine request failed and is tried again;
   * `stream_reconnected`: the agent's event stream from opencode dropped and was reopened;
   * `server_recycling`: the agent replaces its server after this run (its recycling policy).
   */
  status:
    | 'server_starting'
    | 'server_ready'
    | 'retrying'
    | 'stream_reconnected'
    | 'server_recycling';
  /** A sentence for people, e.g. the address opencode listens on or the error being retried. */
  message?: string;
  /** With `retrying`: which attempt this is, from 1. */
  attempt?: number;
}

/** `agent_error`: something went wrong during a run; the run may still go on or end failed. */
export interface AgentErrorData extends AgentEventBase {
  /** Machine-readable, e.g. `context_length_exceeded`, `engine_error`. */
  kind: string;
  /** What happened, with secrets removed. */
  message: string;
}

/** `tool_call_start`: the agent started a tool (opencode: `bash`, `write`, `edit`, `read`, …). */
export interface ToolCallStartData extends AgentEventBase {
  /** The tool's name. */
  tool: string;
  /** The model's id for the call; the matching `tool_call_end` has the same. */
  callId: string;
  /** The arguments, as the model gave them (usually an object). */
  input: unknown;
  /** The opencode session of the call. */
  sessionId?: string;
}

/** `tool_call_end`: a tool call finished, or failed. */
export interface ToolCallEndData extends AgentEventBase {
  /** The tool's name. */
  tool: string;
  /** The id its `tool_call_start` had. */
  callId: string;
  /** Whether the tool did its job. */
  success: boolean;
  /** What the tool returned (its error text when it failed). */
  output: string;
  /** From the tool's start to its end. */
  durationMs: number;
  /** The opencode session of the call. */
  sessionId?: string;
  /** Why the call failed, when it did. */
  error?: Failure<ToolErrorKind>;
}

/**
 * Why a tool call failed: the tool reported an error, its command was
 * aborted, or the run ended while it was still running.
 */
export type ToolErrorKind = 'tool_error' | 'aborted' | 'interrupted';

/** The change a run made to its workspace; published just before its `agent_turn_end`. */
export interface WorkspaceDiffData extends AgentEventBase {
  /** What changed in the workspace during the run, file by file. */
  diff: WorkspaceDiff;
}

/** An answer to a permission request: allow this once, allow from now on, or refuse. */
export type PermissionReply = 'once' | 'always' | 'reject';

/** `permission_request`: opencode asks whether a tool may do something. */
export interface PermissionRequestData extends AgentEventBase {
  /** opencode's id for the request; the `permission_reply` names it. */
  requestId: string;
  /** The opencode session that asks. */
  sessionId: string;
  /** The permission asked for, e.g. `bash`, `edit`, `external_directory`. */
  permission: string;
  /** What the permission would cover, e.g. the command or the paths. */
  patterns: string[];
  /** The tool call that needs it, when opencode says. */
  callId?: string;
  /** Whatever else opencode sent with the request, as it sent it. */
  metadata: Record<string, unknown>;
}

/** `permission_reply`: the answer given to a `permission_request`. */
export interface PermissionReplyData extends AgentEventBase {
  /** The request answered. */
  requestId: string;
  /** The opencode session that asked. */
  sessionId: string;
  /** The permission asked for. */
  permission: string;
  /** The answer. */
  reply: PermissionReply;
  /** Who answered: the static policy, the caller's callback, or the timeout that denies. */
  by: 'policy' | 'callback' | 'timeout';
}

/** `inference_start`: an engine call began (published by engines wrapped with instrumentation). */
export interface InferenceStartData {
  /** Correlates start and end of one engine call. */
  inferenceId: string;
  /** The engine's id, e.g. `ollama`. */
  engine: string;
  /** The model asked for. */
  model: string;
  /** How many chat messages were sent. */
  messageCount: number;
  /** Whether the reply is streamed. */
  stream: boolean;
  /** The agent that made the call, when one did. */
  agent?: string;
  /** The run that made the call, when one did. */
  runId?: string;
  /** The pipeline step, when the run is one. */
  workflow?: WorkflowTag;
  /** Where the serving agent runs, when it is remote. */
  server?: ServerAddress;
}

/** `inference_end`: the engine call ended; the start's fields, and how it went. */
export interface InferenceEndData extends InferenceStartData {
  /** From the call to the end of the reply. */
  latencyMs: number;
  /** Time to first token (streams) or to the response (otherwise). */
  ttftMs?: number;
  /** Tokens, as the engine reported them. */
  usage?: Usage;
  /** Why the model stopped: `stop`, `length`, `tool_calls`, … */
  finishReason?: FinishReason;
  /** Completion tokens per second of generation. */
  throughputTokensPerSecond?: number;
  /** Set when the call failed; `kind` as `errorKindOf` classifies the error. */
  error?: Failure;
  /** The class of the error the engine threw, e.g. `EngineUnreachableError`. */
  errorType?: string;
}

/** One engine call, summed up for metrics. */
export interface TelemetryRecord {
  /** When the call ended, ms since the epoch. */
  timestamp: number;
  /** The engine's id. */
  engine: string;
  /** The model. */
  model: string;
  /** From the call to the end of the reply. */
  latencyMs: number;
  /** Time to the first token (streams) or to the response. */
  ttftMs?: number;
  /** Tokens the call used; zeros when the engine reported none. */
  usage: Usage;
  /** Generated tokens per second. */
  throughputTokensPerSecond?: number;
  /** Whether the reply was streamed. */
  stream: boolean;
  /** The agent that made the call, when one did. */
  agent?: string;
}

/** `telemetry_record`: an engine call's figures, published after its `inference_end`. */
export interface TelemetryRecordData {
  /** The figures. */
  record: TelemetryRecord;
}

/** `workflow_start`: a pipeline began. */
export interface WorkflowStartData {
  /** This pipeline run's id; the steps' events carry it as `workflow.id`. */
  workflowId: string;
  /** The pipeline's name. */
  workflow: string;
  /** The pipeline's input. */
  input: string;
}

/** `workflow_node_start`: a pipeline step began. */
export interface WorkflowNodeStartData {
  /** The pipeline run's id. */
  workflowId: string;
  /** The pipeline's name. */
  workflow: string;
  /** The step's name. */
  step: string;
  /** The id of the agent that runs the step. */
  agent: string;
  /** What the step was given (the pipeline's input or an earlier step's output). */
  input: string;
  /** The agent run's id, as in the run's own events. */
  runId?: string;
}

/** `workflow_node_end`: a pipeline step ended; the start's fields, and how it went. */
export interface WorkflowNodeEndData extends WorkflowNodeStartData {
  /** Whether the step succeeded. */
  success: boolean;
  /** From the step's start to its end. */
  durationMs: number;
  /** The result's `metadata.error`, or `agent_threw` / `input_error` / `aborted`. */
  error?: Failure;
  /** The step's agent result, when the agent returned one. */
  result?: AgentResult;
}

/** `workflow_end`: a pipeline ended; the last event of a pipeline run. */
export interface WorkflowEndData {
  /** The pipeline run's id. */
  workflowId: string;
  /** The pipeline's name. */
  workflow: string;
  /** Whether every step needed succeeded. */
  success: boolean;
  /** From `workflow_start` to now. */
  durationMs: number;
  /** `aborted` (the caller aborted) or `step_failed`. */
  error?: Failure;
  /** The first step that failed (under `stop`, the one that ended the pipeline). */
  failedStep?: string;
  /** The pipeline's output. */
  output?: string;
}

/** `listener_error`: a subscriber threw while an event was delivered; the bus went on. */
export interface ListenerErrorData {
  /** What the listener threw. */
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
