import type { WorkspaceDiff } from '../diff/workspace-diff.js';
import type { ChatMessage } from '../engines/messages.js';
import type { Usage } from '../engines/usage.js';
import type { Failure } from './failure.js';

/** One tool call made during a run, as the agent saw it end. */
export interface ToolResult {
  toolName: string;
  /** The tool's output, or its error text when it failed. */
  content: string;
  success: boolean;
  /** The call id the model gave it; ties the result to its tool events. */
  callId?: string;
  /** The arguments the tool was called with. */
  input?: unknown;
  durationMs?: number;
}

/**
 * What every agent's result says besides its content. Each agent extends it
 * with its own facts (`OpenCodeRunMetadata`, `SimpleRunMetadata`).
 */
export interface RunMetadata {
  /** Set when the run failed: why, in the one shape every payload uses. */
  error?: Failure;
  /** The run's id, as in its events. */
  runId?: string;
  /** Tokens the run used, when the agent knows. */
  usage?: Usage;
  /** The conversation the run belongs to, for agents that keep one (opencode: its session). */
  sessionId?: string;
  /** The change the run made to its workspace, for agents that work in one. */
  diff?: WorkspaceDiff;
}

/**
 * The outcome of one run. `content`, `toolResults`, `turns` and `metadata`
 * are the ancestor's fields; `metadata` is typed per agent through `M`.
 */
export interface AgentResult<M extends RunMetadata = RunMetadata> {
  /** The final answer text. On failure, a sentence saying what went wrong. */
  content: string;
  toolResults: ToolResult[];
  turns: number;
  metadata: M;
}

/** What a run may know besides its input. */
export interface AgentContext {
  /** Earlier conversation, oldest first. */
  messages?: ChatMessage[];
  /** Names of the tools the agent may use, where the agent supports choosing. */
  tools?: string[];
  metadata?: Record<string, unknown>;
}

/** Ties a run's events to the pipeline step it belongs to. */
export interface WorkflowTag {
  /** The pipeline run's id. */
  id: string;
  /** The pipeline's name. */
  name: string;
  /** The step's name. */
  step: string;
}

export interface RunOptions {
  /** Aborts the run; the run then resolves with an error result (`metadata.error.kind === 'aborted'`). */
  signal?: AbortSignal;
  /** Use this id for the run's events instead of a generated one. */
  runId?: string;
  /** Set by pipelines so every event of the run names its pipeline and step. */
  workflow?: WorkflowTag;
}
