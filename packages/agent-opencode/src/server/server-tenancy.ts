import { type ResolvedRecyclePolicy, recycleReason } from './recycle-policy.js';

interface Tenancy {
  runs: number;
  inFlight: number;
  retiring: boolean;
}

/** What to do with a server once a run has left it. */
export interface LeaveDecision {
  /** Offer it to no new run: the policy says replace it (set once, on the run that decided). */
  retire: string | undefined;
  /** It is retiring and no run is left on it: stop it now. */
  dispose: boolean;
}

/**
 * Counts the runs on each server so that one is replaced between runs, never
 * during one: a server the policy retires takes no new run, and is stopped
 * when its last run in flight has left.
 */
export class ServerTenancy<S extends object> {
  readonly #policy: ResolvedRecyclePolicy | undefined;
  readonly #rssMiB: (server: S) => number | undefined;
  readonly #tenancies = new WeakMap<S, Tenancy>();

  /** `policy` undefined: never recycle. */
  constructor(
    policy: ResolvedRecyclePolicy | undefined,
    rssMiB: (server: S) => number | undefined,
  ) {
    this.#policy = policy;
    this.#rssMiB = rssMiB;
  }

  /** A run starts on `server`; false when the server is retiring (take another). */
  enter(server: S): boolean {
    let tenancy = this.#tenancies.get(server);
    if (tenancy === undefined) {
      tenancy = { runs: 0, inFlight: 0, retiring: false };
      this.#tenancies.set(server, tenancy);
    }
    if (tenancy.retiring) return false;
    tenancy.runs++;
    tenancy.inFlight++;
    return true;
  }

  /** A run on `server` has ended. */
  leave(server: S): LeaveDecision {
    const tenancy = this.#tenancies.get(server);
    if (tenancy === undefined) return { retire: undefined, dispose: false };
    tenancy.inFlight--;
    let retire: string | undefined;
    if (!tenancy.retiring && this.#policy !== undefined) {
      retire = recycleReason(this.#policy, tenancy.runs, this.#rssMiB(server));
      tenancy.retiring = retire !== undefined;
    }
    return { retire, dispose: tenancy.retiring && tenancy.inFlight === 0 };
  }
}
