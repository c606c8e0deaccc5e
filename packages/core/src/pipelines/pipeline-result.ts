import type { AgentResult } from '../agents/agent-result.js';
import type { Failure } from '../agents/failure.js';

/**
 * - `succeeded`: the agent's result has no `metadata.error`.
 * - `failed`: the result has `metadata.error`, or the run (or the step's input builder) threw.
 * - `aborted`: the step was running when the pipeline was aborted or stopped.
 * - `skipped`: the step never started.
 */
export type StepStatus = 'succeeded' | 'failed' | 'aborted' | 'skipped';

export interface StepOutcome {
  step: string;
  /** The agent's id. */
  agent: string;
  status: StepStatus;
  /** The run's id, to find its events; absent when skipped. */
  runId?: string;
  /** The input the agent got; absent when skipped. */
  input?: string;
  /** The agent's result; absent when skipped or when the run threw. */
  result?: AgentResult;
  /** What went wrong, when the step failed or was aborted: the result's `metadata.error`, or `agent_threw` / `input_error` / `aborted`. */
  error?: Failure;
  durationMs?: number;
}

export interface PipelineResult {
  /** This run's id, as in its events' `workflowId`. */
  workflowId: string;
  /** The pipeline's name. */
  workflow: string;
  /** True when every step succeeded. */
  success: boolean;
  /** The content of the last step, in definition order, that succeeded; `''` if none did. */
  output: string;
  /** Every step, in definition order, with what became of it. */
  steps: StepOutcome[];
  /** The results of the steps that succeeded, by step name. */
  results: ReadonlyMap<string, AgentResult>;
  /** The first step that failed (under `stop`, the one that stopped the pipeline). */
  failedStep?: string;
  /** True when the caller's signal aborted the run. */
  aborted: boolean;
  /** What went wrong, when `success` is false: `aborted` or `step_failed`. */
  error?: Failure;
  durationMs: number;
}
