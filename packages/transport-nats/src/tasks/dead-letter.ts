import { deadLetterSubject } from '../events/subjects.js';
import type { FleetStore } from '../nats/fleet-store.js';
import type { FleetTask } from './fleet-task.js';
import { recordOutcome } from './outcome-store.js';

/** What is given up on: the task (when readable) and why. */
export interface DeadLetter {
  /** The task's id, or `unreadable-<stream seq>` for a message that is not a task. */
  taskId: string;
  task: FleetTask | undefined;
  reason: string;
  deliveries: number;
  /** The worker that gave up on it. */
  worker: string;
}

/**
 * Publishes the task to the dead-letter stream (de-duplicated by task id, so
 * several workers giving up on it leave one entry) and records its `dead`
 * outcome create-only. Resolves true when this call recorded the outcome.
 */
export async function deadLetterTask(store: FleetStore, letter: DeadLetter): Promise<boolean> {
  const at = Date.now();
  await store.js.publish(deadLetterSubject(letter.taskId), JSON.stringify({ ...letter, at }), {
    msgID: `dead-${letter.taskId}`,
  });
  if (letter.task === undefined) return false;
  return recordOutcome(store.results, {
    taskId: letter.taskId,
    status: 'dead',
    reason: letter.reason,
    worker: letter.worker,
    deliveries: letter.deliveries,
    finishedAt: at,
  });
}
