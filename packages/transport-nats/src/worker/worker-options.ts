import type { NatsConnection } from '@nats-io/transport-node';
import type { JarvisConfigInput } from '@openjarvis/config';

export interface FleetWorkerOptions {
  /** The connection to the fleet's server (the caller owns it). */
  nats: NatsConnection;
  /**
   * The worker's config: the agents a task may name, and their engines. Their
   * types must be registered in core's process-wide registries first
   * (`jarvis worker` registers the built-in ones).
   */
  config: JarvisConfigInput;
  /**
   * Tasks run at once.
   * @default 1
   */
  concurrency?: number;
  /** @default `<hostname>-<pid>-<random>` */
  id?: string;
  /**
   * Where git workspaces are cloned and checked out.
   * @default `<os tmpdir>/openjarvis-worker-cache`
   */
  cacheDir?: string;
  /**
   * A task is delivered again when its worker neither finishes nor heartbeats
   * for this long (the shared consumer's `ack_wait`).
   * @default 30_000
   */
  ackWaitMs?: number;
  /**
   * How often a running task tells the server it is still being worked on.
   * @default a third of `ackWaitMs`
   */
  heartbeatMs?: number;
  /**
   * Deliveries of a task before it is dead-lettered with the last failure.
   * @default 5
   */
  maxDeliveries?: number;
  /**
   * Delay before a failed delivery is retried; doubled each further delivery,
   * at most 60 s. Never zero: a bare `nak` would burn every delivery at once.
   * @default 2_000
   */
  retryDelayMs?: number;
  /**
   * A run that publishes no event for this long is aborted (a stall, judged
   * on progress rather than wall time).
   * @default 600_000
   */
  idleTimeoutMs?: number;
  /**
   * How long `drain` waits for running tasks before handing them back.
   * @default 30_000
   */
  drainTimeoutMs?: number;
  /**
   * How long the worker stays listed after its last presence update.
   * @default 15_000
   */
  presenceTtlMs?: number;
  /**
   * Bound on each git command (clone, fetch, worktree).
   * @default 300_000
   */
  gitTimeoutMs?: number;
  /** Where `apiKeyEnv` variables of the config are read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Told what the worker does (task taken, finished, retried). @default silent */
  log?: (line: string) => void;
}
