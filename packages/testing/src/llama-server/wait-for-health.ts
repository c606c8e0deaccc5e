import { setTimeout as sleep } from 'node:timers/promises';
import { type HealthProbe, probeHealth } from './probe-health.js';

/**
 * `listening`: the server answers HTTP at all (503 while loading, or already 200).
 * `ready`: `/health` answers 200.
 */
export type HealthTarget = 'listening' | 'ready';

export interface WaitForHealthOptions {
  readonly baseUrl: string;
  readonly until: HealthTarget;
  /** Upper bound of the whole wait. */
  readonly timeoutMs: number;
  /** Tells whether the server process has ended (the wait then stops at once). */
  readonly hasExited: () => boolean;
  /**
   * Pause between probes.
   * @default 25
   */
  readonly intervalMs?: number;
}

export type WaitForHealthResult =
  /** `ready`: `/health` answered 200 (else only 503, with `until: 'listening'`). */
  | { readonly outcome: 'reached'; readonly sawLoading: boolean; readonly ready: boolean }
  | { readonly outcome: 'exited'; readonly sawLoading: boolean }
  | { readonly outcome: 'timeout'; readonly last: HealthProbe | undefined };

/** Polls `GET /health`: refused = not bound yet, 503 = loading, 200 = ready. Always bounded. */
export async function waitForHealth(options: WaitForHealthOptions): Promise<WaitForHealthResult> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 25;
  let sawLoading = false;
  let last: HealthProbe | undefined;
  for (;;) {
    if (options.hasExited()) return { outcome: 'exited', sawLoading };
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { outcome: 'timeout', last };
    last = await probeHealth(options.baseUrl, Math.min(2_000, remaining));
    if (last.state === 'ok') return { outcome: 'reached', sawLoading, ready: true };
    if (last.state === 'loading') {
      sawLoading = true;
      if (options.until === 'listening') return { outcome: 'reached', sawLoading, ready: false };
    }
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
}
