import type { ServerPool } from './server-pool.js';

/** An agent's place in a pool; leaving is idempotent. */
export interface PoolMembership {
  readonly pool: ServerPool;
  /**
   * The agent is done: its directory's instance is disposed if no other
   * member works there, and the pool's servers stop with its last member.
   */
  leave(): Promise<void>;
  /** Whether other agents are members too. */
  readonly shared: boolean;
}

interface Entry {
  pool: ServerPool;
  members: number;
}

// Pools of this process, by server key: agents whose servers would be the
// same share one. One map per process, like the servers themselves.
const pools = new Map<string, Entry>();

/**
 * Joins the pool for `key`, creating it with `create` if none runs; with
 * `key` undefined, a pool of the agent's own that nobody else joins.
 */
export function joinPool(
  key: string | undefined,
  directory: string,
  create: () => ServerPool,
): PoolMembership {
  let entry = key === undefined ? undefined : pools.get(key);
  if (entry === undefined) {
    entry = { pool: create(), members: 0 };
    if (key !== undefined) pools.set(key, entry);
  }
  const joined = entry;
  joined.members++;
  joined.pool.join(directory);
  let left: Promise<void> | undefined;
  return {
    pool: joined.pool,
    get shared() {
      return joined.members > 1;
    },
    leave() {
      left ??= (async () => {
        joined.members--;
        if (joined.members > 0) {
          await joined.pool.leave(directory);
          return;
        }
        // Gone from the map first: an agent joining now gets a fresh pool.
        if (key !== undefined && pools.get(key) === joined) pools.delete(key);
        await joined.pool.close();
      })();
      return left;
    },
  };
}
