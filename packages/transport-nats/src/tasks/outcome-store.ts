import type { KV } from '@nats-io/kv';
import { createRedactor } from '@openjarvis/recorder';
import type { TaskOutcome } from './task-outcome.js';

const redact = createRedactor();

/**
 * Records a task's outcome unless one is recorded already (create-only), so
 * that however often a task was delivered, one outcome stands. Resolves true
 * when this call recorded it.
 */
export async function recordOutcome(results: KV, outcome: TaskOutcome): Promise<boolean> {
  try {
    await results.create(outcome.taskId, JSON.stringify(redact(outcome)));
    return true;
  } catch (error) {
    if (await results.get(outcome.taskId).then((entry) => entry?.operation === 'PUT')) return false;
    throw error;
  }
}

/** The recorded outcome of a task, if any. */
export async function readOutcome(results: KV, taskId: string): Promise<TaskOutcome | undefined> {
  const entry = await results.get(taskId);
  return entry === null || entry.operation !== 'PUT' ? undefined : entry.json<TaskOutcome>();
}
