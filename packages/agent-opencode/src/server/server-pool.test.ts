import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { OpenCodeEventHub } from '../client/event-hub.js';
import type { OpenCodeClient } from '../client/opencode-client.js';
import type { ServerConnection } from './server-connection.js';
import type { ServerExit } from './server-launch.js';
import { type AcquireOptions, ServerPool } from './server-pool.js';

// The pool's bookkeeping, with stand-in connections: which server each run
// gets, when one starts, when one stops. The real servers are in
// shared-server.e2e.test.ts.
class StandInServer implements ServerConnection {
  static count = 0;
  readonly url = `http://127.0.0.1:${4000 + StandInServer.count++}`;
  readonly pid = undefined;
  readonly owned = true;
  readonly events = {} as OpenCodeEventHub;
  readonly disposedDirectories: string[] = [];
  readonly client: OpenCodeClient;
  readonly #exit = new Subject<ServerExit>();
  readonly exited: Promise<ServerExit>;
  disposed = false;
  #alive = true;

  constructor() {
    const directoryClient = (directory: string) => ({
      disposeInstance: async () => {
        this.disposedDirectories.push(directory);
      },
    });
    this.client = { inDirectory: directoryClient } as unknown as OpenCodeClient;
    this.exited = new Promise((resolve) => this.#exit.subscribe(resolve));
  }

  get alive() {
    return this.#alive;
  }
  get address() {
    return { address: '127.0.0.1', port: Number(new URL(this.url).port) };
  }
  onExit(listener: (exit: ServerExit) => void) {
    const subscription = this.#exit.subscribe(listener);
    return () => subscription.unsubscribe();
  }
  crash() {
    this.#alive = false;
    this.#exit.next({ code: undefined, signal: 'SIGKILL' });
  }
  async dispose() {
    this.disposed = true;
    this.crash();
  }
}

function pool(options: { maxServers?: number; afterRuns?: number; failFirstStart?: boolean } = {}) {
  const started: StandInServer[] = [];
  let starts = 0;
  const created = new ServerPool({
    password: 'pw',
    warmupTurn: false,
    maxServers: options.maxServers ?? 1,
    recycle:
      options.afterRuns === undefined
        ? undefined
        : { afterRuns: options.afterRuns, aboveRssMiB: 1_000_000 },
    start: async () => {
      starts++;
      if (options.failFirstStart === true && starts === 1) throw new Error('no binary');
      const server = new StandInServer();
      started.push(server);
      return server;
    },
  });
  return { pool: created, started };
}

const run = (directory = '/ws/a'): AcquireOptions => ({
  directory,
  signal: new AbortController().signal,
  startupTimeoutMs: 1_000,
});

describe('ServerPool', () => {
  it('starts one server for concurrent first runs and reuses it', async () => {
    const { pool: servers, started } = pool();
    const leases = await Promise.all([servers.acquire(run()), servers.acquire(run('/ws/b'))]);
    expect(started).toHaveLength(1);
    expect(leases[0]?.server).toBe(leases[1]?.server);
    for (const lease of leases) lease.release();
    const again = await servers.acquire(run());
    expect(again.server).toBe(started[0]);
    expect(started).toHaveLength(1);
  });

  it('with maxServers, starts another only when every server is busy, then picks the least busy', async () => {
    const { pool: servers, started } = pool({ maxServers: 2 });
    const first = await servers.acquire(run());
    first.release();
    const solo = await servers.acquire(run());
    expect(started).toHaveLength(1);
    const busy = await Promise.all([1, 2, 3].map(() => servers.acquire(run())));
    expect(started).toHaveLength(2);
    const loads = started.map(
      (server) => [solo, ...busy].filter((lease) => lease.server === server).length,
    );
    expect(loads).toEqual([2, 2]);
  });

  it('retires a server after the run that crosses the policy; it stops once its last run has left', async () => {
    const { pool: servers, started } = pool({ afterRuns: 2 });
    const long = await servers.acquire(run());
    const second = await servers.acquire(run());
    second.release();
    const next = await servers.acquire(run());
    expect(next.server).not.toBe(long.server);
    expect(started[0]?.disposed).toBe(false);
    long.release();
    expect(started[0]?.disposed).toBe(true);
    expect(servers.servers).toEqual([next.server]);
  });

  it('a broken server takes no new run and stops when its runs have left', async () => {
    const { pool: servers, started } = pool();
    const lease = await servers.acquire(run());
    lease.release({ broken: true });
    expect(started[0]?.disposed).toBe(true);
    const next = await servers.acquire(run());
    expect(next.server).toBe(started[1]);
  });

  it('a crashed server is dropped and the next run starts a fresh one', async () => {
    const { pool: servers, started } = pool();
    const lease = await servers.acquire(run());
    started[0]?.crash();
    lease.release();
    const next = await servers.acquire(run());
    expect(next.server).toBe(started[1]);
  });

  it('a failed start fails the runs waiting for it, and the next run tries again', async () => {
    const { pool: servers, started } = pool({ failFirstStart: true });
    await expect(servers.acquire(run())).rejects.toThrow('no binary');
    const next = await servers.acquire(run());
    expect(next.server).toBe(started[0]);
  });

  it('disposes a directory’s instance when the last agent working there leaves', async () => {
    const { pool: servers, started } = pool();
    servers.join('/ws/a');
    servers.join('/ws/a');
    servers.join('/ws/b');
    (await servers.acquire(run())).release();
    await servers.leave('/ws/a');
    expect(started[0]?.disposedDirectories).toEqual([]);
    await servers.leave('/ws/a');
    await servers.leave('/ws/b');
    expect(started[0]?.disposedDirectories).toEqual(['/ws/a', '/ws/b']);
  });

  it('close() stops every server, those still starting included', async () => {
    const { pool: servers, started } = pool({ maxServers: 2 });
    const held = await servers.acquire(run());
    const starting = servers.acquire(run());
    await servers.close();
    await starting.catch(() => {});
    expect(started.every((server) => server.disposed)).toBe(true);
    expect(held.server.alive).toBe(false);
  });
});
