import type { RunMetadata, Usage, WorkspaceDiff } from '@openjarvis/core';

/** What an `OpenCodeAgent` result says besides its content. */
export interface OpenCodeRunMetadata extends RunMetadata {
  runId: string;
  /** The opencode session the run used; `''` when the run failed before one was created. */
  sessionId: string;
  /** opencode's finish reason of the last model reply (`stop`, `tool-calls`, …), if there was one. */
  finish?: string | null;
  /** Tokens over every model reply of the run. */
  usage?: Usage;
  /** The opencode provider and model that served the run (or were to). */
  providerId: string;
  modelId: string;
  /**
   * The opencode agent that ran (`build`, `plan`, or one defined in `agents`),
   * not to be confused with the event's `agent` (the agent type, `opencode`).
   */
  opencodeAgent: string;
  /** The change the run made to its workspace. */
  diff?: WorkspaceDiff;
}
