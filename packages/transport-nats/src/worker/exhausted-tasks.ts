import type { Subscription } from '@nats-io/transport-node';
import { FleetSubjects } from '../events/subjects.js';
import type { FleetStore } from '../nats/fleet-store.js';
import { deadLetterTask } from '../tasks/dead-letter.js';
import { type FleetTask, validateTask } from '../tasks/fleet-task.js';
import { readOutcome } from '../tasks/outcome-store.js';

/** The fields of JetStream's `io.nats.jetstream.advisory.v1.max_deliver` this reads. */
interface MaxDeliverAdvisory {
  stream_seq: number;
  deliveries: number;
}

export interface ExhaustedTaskOptions {
  /** Named as the one that gave up on the task. */
  worker: string;
  log: (line: string) => void;
}

/**
 * Dead-letters the tasks whose every delivery was lost. A worker that sees a
 * task fail on its last delivery dead-letters it itself; but when each worker
 * that took it died (SIGKILL, lost host), nobody is left to record anything
 * and the server just stops delivering it. The server then publishes a
 * max-deliveries advisory with the task's stream sequence; the work queue
 * still holds the unacked task there, so every worker reads it back and
 * records a `dead` outcome create-only (one wins), then removes it from the
 * queue. The advisory is core NATS, but it is sent on the next pull after
 * the last ack wait: a worker pulling is a worker listening.
 */
export function handleExhaustedTasks(
  store: FleetStore,
  options: ExhaustedTaskOptions,
): Subscription {
  return store.nc.subscribe(FleetSubjects.maxDeliveriesAdvisory, {
    callback: (error, message) => {
      if (error !== null) return;
      let advisory: MaxDeliverAdvisory;
      try {
        advisory = message.json<MaxDeliverAdvisory>();
      } catch {
        options.log('ignored a max-deliveries advisory that is not JSON');
        return;
      }
      if (!Number.isSafeInteger(advisory.stream_seq) || advisory.stream_seq < 1) return;
      void deadLetterExhausted(store, advisory, options).catch((failure: unknown) => {
        options.log(
          `task at queue sequence ${advisory.stream_seq}: could not dead-letter (${String(failure)})`,
        );
      });
    },
  });
}

async function deadLetterExhausted(
  store: FleetStore,
  advisory: MaxDeliverAdvisory,
  options: ExhaustedTaskOptions,
): Promise<void> {
  const seq = advisory.stream_seq;
  const stored = await store.jsm.streams
    .getMessage(FleetSubjects.taskStream, { seq })
    .catch(() => null);
  if (stored === null) {
    options.log(`queue sequence ${seq}: gone (another worker dead-lettered it)`);
    return;
  }
  let task: FleetTask | undefined;
  try {
    task = validateTask(stored.json<unknown>());
  } catch {
    task = undefined;
  }
  const deliveries = Number.isSafeInteger(advisory.deliveries) ? advisory.deliveries : 0;
  const taskId = task?.id ?? `unreadable-${seq}`;
  // An outcome recorded by a delivery whose ack was lost stands.
  const recorded =
    (task === undefined || (await readOutcome(store.results, task.id)) === undefined) &&
    (await deadLetterTask(store, {
      taskId,
      task,
      reason: `delivered ${deliveries} times and never finished: every worker that took it died or lost it`,
      deliveries,
      worker: options.worker,
    }));
  options.log(
    `task ${taskId}: ${deliveries} deliveries lost, ${recorded || task === undefined ? 'dead-lettered' : 'an outcome was already recorded'}`,
  );
  // The server delivers it no more; without this the queue would keep it for good.
  await store.jsm.streams.deleteMessage(FleetSubjects.taskStream, seq).catch(() => false);
}
