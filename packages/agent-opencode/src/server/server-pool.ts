import { AbortedError, raceAbort } from '@openjarvis/core';
import type { OpenCodeClient } from '../client/opencode-client.js';
import type { ResolvedRecyclePolicy } from './recycle-policy.js';
import { residentMiB } from './recycle-policy.js';
import type { ServerConnection } from './server-connection.js';
import { ServerTenancy } from './server-tenancy.js';

/** Starts (or reaches) one server whose default directory is `cwd`, within `timeoutMs`. */
export type ServerStarter = (cwd: string, timeoutMs: number) => Promise<ServerConnection>;

export interface AcquireOptions {
  /** The workspace the run works in. */
  directory: string;
  signal: AbortSignal;
  /** Bound on a server start this acquisition waits for. */
  startupTimeoutMs: number;
  /** Told when this acquisition starts a server. */
  onStarting?(): void;
  /** Told when the server this acquisition started is ready. */
  onReady?(server: ServerConnection): void;
  /** Told when the run's release retires its server (the recycle policy). */
  onRetire?(reason: string): void;
}

/** One run's hold on a server of the pool. */
export interface ServerLease {
  readonly server: ServerConnection;
  /** A client whose sessions work in the run's directory. */
  readonly client: OpenCodeClient;
  /**
   * The run has left the server. Idempotent. `broken`: the server stopped
   * answering; it takes no new run and is stopped.
   */
  release(options?: { broken?: boolean }): void;
}

interface Slot {
  readonly ready: Promise<ServerConnection>;
  server: ServerConnection | undefined;
  /** Runs given this slot: waiting for its start or in flight. */
  load: number;
  /** Takes no new run; stopped when its last run has left. */
  retiring: boolean;
}

/**
 * The opencode servers of agents that share them: at most `maxServers`
 * processes, each run on the least busy one (a new process only when every
 * running one is busy), each directory's instance disposed when the last
 * agent working there leaves, and servers replaced between runs when the
 * recycle policy says so (the old one drains while new runs start on a new one).
 */
export class ServerPool {
  /** The password of the pool's servers: every agent on them redacts it. */
  readonly password: string;
  /** Whether its servers know the warm-up model (see warmup-model.ts). */
  readonly warmupTurn: boolean;
  readonly #onClose: (() => Promise<void>) | undefined;
  readonly #start: ServerStarter;
  readonly #maxServers: number;
  readonly #tenancy: ServerTenancy<ServerConnection>;
  readonly #directories = new Map<string, number>();
  readonly #stopping = new Set<Promise<void>>();
  #slots: Slot[] = [];
  #closed = false;

  constructor(options: {
    password: string;
    warmupTurn: boolean;
    start: ServerStarter;
    /** Runs once the servers are stopped, for what the pool holds beside them. */
    onClose?: () => Promise<void>;
    /** @default 1 */
    maxServers?: number;
    /** undefined: never recycle. */
    recycle: ResolvedRecyclePolicy | undefined;
  }) {
    this.password = options.password;
    this.warmupTurn = options.warmupTurn;
    this.#onClose = options.onClose;
    this.#start = options.start;
    this.#maxServers = Math.max(1, options.maxServers ?? 1);
    this.#tenancy = new ServerTenancy(options.recycle, (server) =>
      server.pid === undefined ? undefined : residentMiB(server.pid),
    );
  }

  /** The servers new runs may go to (not those draining before a restart). */
  get servers(): ServerConnection[] {
    return this.#slots.flatMap((slot) =>
      slot.server?.alive && !slot.retiring ? [slot.server] : [],
    );
  }

  /** An agent works in `directory` from now on. */
  join(directory: string): void {
    this.#directories.set(directory, (this.#directories.get(directory) ?? 0) + 1);
  }

  /**
   * An agent working in `directory` is done. When it was the last one there,
   * the directory's instance is disposed on every server this process owns:
   * opencode never evicts one itself, and each holds watchers and children.
   */
  async leave(directory: string): Promise<void> {
    const left = (this.#directories.get(directory) ?? 1) - 1;
    if (left > 0) {
      this.#directories.set(directory, left);
      return;
    }
    this.#directories.delete(directory);
    const live = this.#slots.flatMap((slot) => (slot.server?.alive ? [slot.server] : []));
    await Promise.all(
      live
        .filter((server) => server.owned)
        .map((server) =>
          server.client
            .inDirectory(directory)
            .disposeInstance(AbortSignal.timeout(5_000))
            .catch(() => {}),
        ),
    );
  }

  /** A server for one run: the least busy one that takes runs, started if need be. */
  async acquire(options: AcquireOptions): Promise<ServerLease> {
    for (;;) {
      // A closed pool starts nothing: its agent is gone, and so are its runs.
      if (this.#closed) {
        throw new AbortedError({ operation: 'starting the opencode server', reason: 'closed' });
      }
      const slot = this.#pick(options);
      slot.load++;
      let server: ServerConnection;
      try {
        server = await raceAbort(slot.ready, options.signal, 'starting the opencode server');
      } catch (error) {
        slot.load--;
        throw error;
      }
      if (!server.alive || slot.retiring || !this.#tenancy.enter(server)) {
        slot.load--;
        if (server.alive) this.#retire(slot);
        continue;
      }
      let released = false;
      return {
        server,
        client: server.client.inDirectory(options.directory),
        release: (how) => {
          if (released) return;
          released = true;
          if (how?.broken === true) slot.retiring = true;
          this.#release(slot, server, options);
        },
      };
    }
  }

  /** Stops every server of the pool. */
  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots;
    this.#slots = [];
    await Promise.all([
      ...slots.map((slot) => slot.ready.then((server) => server.dispose()).catch(() => {})),
      ...this.#stopping,
    ]);
    await this.#onClose?.();
  }

  #pick(options: AcquireOptions): Slot {
    let least: Slot | undefined;
    let open = 0;
    for (const slot of this.#slots) {
      if (slot.retiring || (slot.server !== undefined && !slot.server.alive)) continue;
      open++;
      if (least === undefined || slot.load < least.load) least = slot;
    }
    if (least !== undefined && (least.load === 0 || open >= this.#maxServers)) return least;
    return this.#spawn(options);
  }

  #spawn(options: AcquireOptions): Slot {
    options.onStarting?.();
    const slot: Slot = {
      ready: this.#start(options.directory, options.startupTimeoutMs),
      server: undefined,
      load: 0,
      retiring: false,
    };
    this.#slots.push(slot);
    slot.ready.then(
      (server) => {
        slot.server = server;
        if (this.#closed) {
          void server.dispose();
          return;
        }
        options.onReady?.(server);
        void server.exited.then(() => this.#drop(slot));
      },
      // The runs waiting for it fail with the start's error; the next run tries a new start.
      () => this.#drop(slot),
    );
    return slot;
  }

  #release(slot: Slot, server: ServerConnection, options: AcquireOptions): void {
    slot.load--;
    const decision = this.#tenancy.leave(server);
    if (decision.retire !== undefined) {
      options.onRetire?.(decision.retire);
      slot.retiring = true;
    }
    if (slot.retiring && slot.load === 0) this.#stop(slot, server);
  }

  /** Offers `slot` to no new run; stops it now if no run is on it. */
  #retire(slot: Slot): void {
    slot.retiring = true;
    if (slot.load === 0 && slot.server !== undefined) this.#stop(slot, slot.server);
  }

  #stop(slot: Slot, server: ServerConnection): void {
    this.#drop(slot);
    const stopping = server.dispose();
    this.#stopping.add(stopping);
    void stopping.finally(() => this.#stopping.delete(stopping));
  }

  #drop(slot: Slot): void {
    this.#slots = this.#slots.filter((other) => other !== slot);
  }
}
