import {
  AckPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { FleetSubjects } from '../events/subjects.js';

const nanos = (ms: number): number => Math.round(ms * 1_000_000);

/** Creates a stream unless it exists (an existing one is left as it is). */
async function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
) {
  try {
    await jsm.streams.info(config.name);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (error) {
      // Another process created it between our look and our add.
      await jsm.streams.info(config.name).catch(() => {
        throw error;
      });
    }
  }
}

export interface EventStreamOptions {
  /**
   * How long the event stream keeps events (replay reaches this far back).
   * @default 24 h
   */
  eventRetentionMs?: number;
}

/** The stream of every bus event. */
export function ensureEventStream(jsm: JetStreamManager, options: EventStreamOptions = {}) {
  return ensureStream(jsm, {
    name: FleetSubjects.eventStream,
    subjects: [FleetSubjects.eventsAll],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(options.eventRetentionMs ?? 24 * 3_600_000),
    duplicate_window: nanos(120_000),
  });
}

export interface TaskStreamOptions {
  /**
   * How long a task id is remembered for de-duplicating submits in the queue
   * (results are kept for good, and a submit of a finished task is refused too).
   * @default 24 h
   */
  duplicateWindowMs?: number;
}

/** The work queue, its max-deliveries advisories, and the dead-letter stream. */
export async function ensureTaskStreams(jsm: JetStreamManager, options: TaskStreamOptions = {}) {
  await ensureStream(jsm, {
    name: FleetSubjects.taskStream,
    subjects: [FleetSubjects.taskSubject],
    storage: StorageType.File,
    retention: RetentionPolicy.Workqueue,
    duplicate_window: nanos(options.duplicateWindowMs ?? 24 * 3_600_000),
  });
  await ensureStream(jsm, {
    name: FleetSubjects.lostStream,
    subjects: [FleetSubjects.maxDeliveriesAdvisory],
    storage: StorageType.File,
    retention: RetentionPolicy.Workqueue,
  });
  await ensureStream(jsm, {
    name: FleetSubjects.deadStream,
    subjects: [FleetSubjects.deadAll],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
  });
}

export interface WorkerConsumerOptions {
  /** Redelivery when a worker neither acks nor heartbeats for this long. */
  ackWaitMs: number;
  /** Deliveries before a task is dead-lettered. */
  maxDeliveries: number;
}

/** The durable pull consumer every worker shares; its settings follow the latest worker. */
export async function ensureWorkerConsumer(jsm: JetStreamManager, options: WorkerConsumerOptions) {
  const config = {
    durable_name: FleetSubjects.workerConsumer,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(options.ackWaitMs),
    // One more than ours: the worker dead-letters on the last delivery itself,
    // with the reason; the server's own limit only catches workers that die.
    max_deliver: options.maxDeliveries + 1,
    filter_subject: FleetSubjects.taskSubject,
  };
  await ensureLostTaskConsumer(jsm);
  try {
    await jsm.consumers.info(FleetSubjects.taskStream, FleetSubjects.workerConsumer);
    await jsm.consumers.update(FleetSubjects.taskStream, FleetSubjects.workerConsumer, {
      ack_wait: config.ack_wait,
      max_deliver: config.max_deliver,
    });
  } catch {
    await jsm.consumers.add(FleetSubjects.taskStream, config).catch(async (error) => {
      await jsm.consumers.info(FleetSubjects.taskStream, FleetSubjects.workerConsumer).catch(() => {
        throw error;
      });
    });
  }
}

/** The durable consumer of max-deliveries advisories (one worker handles each). */
async function ensureLostTaskConsumer(jsm: JetStreamManager) {
  const exists = await jsm.consumers
    .info(FleetSubjects.lostStream, FleetSubjects.lostConsumer)
    .then(() => true)
    .catch(() => false);
  if (exists) return;
  await jsm.consumers
    .add(FleetSubjects.lostStream, {
      durable_name: FleetSubjects.lostConsumer,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(30_000),
    })
    .catch(async (error) => {
      await jsm.consumers.info(FleetSubjects.lostStream, FleetSubjects.lostConsumer).catch(() => {
        throw error;
      });
    });
}
