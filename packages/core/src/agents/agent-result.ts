import type { ChatMessage } from '../engines/messages.js';

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

export interface AgentResult {
  /** The final answer text. On failure, a sentence saying what went wrong. */
  content: string;
  toolResults: ToolResult[];
  turns: number;
  /**
   * Agent-specific facts. By convention `error: true` marks a failed run and
   * `errorKind` names the failure in a machine-readable way.
   */
  metadata: Record<string, unknown>;
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
  /** Aborts the run; the run then resolves with an error result (`errorKind: 'aborted'`). */
  signal?: AbortSignal;
  /** Use this id for the run's events instead of a generated one. */
  runId?: string;
  /** Set by pipelines so every event of the run names its pipeline and step. */
  workflow?: WorkflowTag;
}
