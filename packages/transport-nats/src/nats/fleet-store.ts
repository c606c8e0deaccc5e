import {
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { FleetError } from '../errors.js';
import { FleetSubjects } from '../events/subjects.js';
import { ensureEventStream, ensureTaskStreams } from './ensure-streams.js';

/** The streams and buckets of a fleet, opened (and created when missing). */
export interface FleetStore {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** One outcome per task id, written create-only. */
  readonly results: KV;
  /** Worker presence; entries expire unless refreshed. */
  readonly workers: KV;
  /** Cancel requests by task id, for tasks not yet running when cancelled. */
  readonly cancels: KV;
}

export interface FleetStoreOptions {
  /**
   * How long a worker stays listed after its last heartbeat (the workers
   * bucket's TTL, set when the bucket is first created).
   * @default 15_000
   */
  presenceTtlMs?: number;
}

export async function openFleetStore(
  nc: NatsConnection,
  options: FleetStoreOptions = {},
): Promise<FleetStore> {
  try {
    const jsm = await jetstreamManager(nc);
    await ensureEventStream(jsm);
    await ensureTaskStreams(jsm);
    const js = jetstream(nc);
    const kvm = new Kvm(js);
    const [results, workers, cancels] = await Promise.all([
      kvm.create(FleetSubjects.resultsBucket, { history: 1 }),
      kvm.create(FleetSubjects.workersBucket, { history: 1, ttl: options.presenceTtlMs ?? 15_000 }),
      kvm.create(FleetSubjects.cancelsBucket, { history: 1, ttl: 24 * 3_600_000 }),
    ]);
    return { nc, js, jsm, results, workers, cancels };
  } catch (error) {
    throw new FleetError(
      'nats_unavailable',
      `could not open the fleet's streams on ${nc.getServer()}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
