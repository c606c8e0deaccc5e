import type { AgentResult } from '@openjarvis/core';

/**
 * How a task ended: `succeeded`/`failed` carry the run's `AgentResult`;
 * `aborted` a cancelled run; `dead` a task given up on after its deliveries.
 */
export type TaskStatus = 'succeeded' | 'failed' | 'aborted' | 'dead';

/** The one recorded outcome of a task (the results bucket keeps exactly one per task id). */
export interface TaskOutcome {
  taskId: string;
  status: TaskStatus;
  /** The run's result (absent for `dead`). */
  result?: AgentResult;
  /** Why it failed, was aborted, or was dead-lettered. */
  reason?: string;
  /** The worker that recorded it. */
  worker: string;
  /** How many times the task was delivered to a worker. */
  deliveries: number;
  finishedAt: number;
}
