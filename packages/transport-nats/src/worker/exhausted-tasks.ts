import type { JsMsg } from '@nats-io/jetstream';
import { FleetSubjects } from '../events/subjects.js';
import type { FleetStore } from '../nats/fleet-store.js';
import { deadLetterTask } from '../tasks/dead-letter.js';
import { type FleetTask, validateTask } from '../tasks/fleet-task.js';
import { readOutcome } from '../tasks/outcome-store.js';
import { retryDelay } from './retry-delay.js';

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

/** The loop that dead-letters lost tasks; `stop` ends it (within one pull's 2 s). */
export interface ExhaustedTasks {
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Dead-letters the tasks whose every delivery was lost. A worker that sees a
 * task fail on its last delivery dead-letters it itself; but when each worker
 * that took it died (SIGKILL, lost host), nobody is left to record anything
 * and the server just stops delivering it. The server then publishes a
 * max-deliveries advisory with the task's stream sequence, which a
 * work-queue stream keeps until a worker takes it (so it is not lost when no
 * worker listens at that moment). The worker reads the unacked task back from
 * the queue, records a `dead` outcome create-only, publishes the dead letter,
 * removes the task from the queue, then acks the advisory; a failure is
 * retried with back-off.
 */
export async function handleExhaustedTasks(
  store: FleetStore,
  options: ExhaustedTaskOptions,
): Promise<ExhaustedTasks> {
  const consumer = await store.js.consumers.get(
    FleetSubjects.lostStream,
    FleetSubjects.lostConsumer,
  );
  let stopping = false;
  const loop = (async () => {
    let failures = 0;
    while (!stopping) {
      let message: JsMsg | null;
      try {
        message = await consumer.next({ expires: 2_000 });
        failures = 0;
      } catch (error) {
        // The server is away (restarting, say): try again, backing off.
        failures += 1;
        options.log(`lost-task pull failed (${String(error)}); retrying`);
        await sleep(Math.min(2_000, 100 * 2 ** failures));
        continue;
      }
      if (message !== null) await handle(store, message, options);
    }
  })();
  return {
    stop: () => {
      stopping = true;
      return loop;
    },
  };
}

async function handle(
  store: FleetStore,
  message: JsMsg,
  options: ExhaustedTaskOptions,
): Promise<void> {
  let advisory: MaxDeliverAdvisory;
  try {
    advisory = message.json<MaxDeliverAdvisory>();
    if (!Number.isSafeInteger(advisory.stream_seq) || advisory.stream_seq < 1) throw new Error();
  } catch {
    options.log('dropped a max-deliveries advisory without a stream sequence');
    message.term();
    return;
  }
  try {
    await deadLetterExhausted(store, advisory, options);
    message.ack();
  } catch (error) {
    options.log(
      `task at queue sequence ${advisory.stream_seq}: could not dead-letter (${String(error)}); retrying later`,
    );
    message.nak(retryDelay(message.info.deliveryCount, 1_000));
  }
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
    options.log(`queue sequence ${seq}: gone already (dead-lettered before)`);
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
