import { readFileSync } from 'node:fs';

/**
 * When an agent replaces its opencode server with a fresh one. opencode's
 * memory grows with every turn and does not plateau (measured on 1.18.33:
 * 545 → 642 MiB over 50 turns, 604 → 823 MiB over 200), so a long-lived agent
 * restarts it now and then, always between runs: runs in flight finish on the
 * old server while new runs start on the new one.
 */
export interface RecyclePolicy {
  /**
   * Restart after this many runs on one server.
   * @default 250
   */
  afterRuns?: number | undefined;
  /**
   * Restart once the server's resident memory exceeds this many MiB, checked
   * after each run (Linux only, from `/proc`; elsewhere only `afterRuns` applies).
   * @default 1024
   */
  aboveRssMiB?: number | undefined;
}

/** A policy with every limit set. */
export interface ResolvedRecyclePolicy {
  afterRuns: number;
  aboveRssMiB: number;
}

export const defaultRecyclePolicy: ResolvedRecyclePolicy = { afterRuns: 250, aboveRssMiB: 1024 };

/** `policy` with the defaults filled in; undefined (never recycle) for `false`. */
export function resolveRecyclePolicy(
  policy: RecyclePolicy | false | undefined,
): ResolvedRecyclePolicy | undefined {
  if (policy === false) return undefined;
  return {
    afterRuns: policy?.afterRuns ?? defaultRecyclePolicy.afterRuns,
    aboveRssMiB: policy?.aboveRssMiB ?? defaultRecyclePolicy.aboveRssMiB,
  };
}

/** Why a server that has served `runs` runs and holds `rssMiB` should be replaced, if it should. */
export function recycleReason(
  policy: ResolvedRecyclePolicy,
  runs: number,
  rssMiB: number | undefined,
): string | undefined {
  if (runs >= policy.afterRuns) return `it has served ${runs} runs`;
  if (rssMiB !== undefined && rssMiB > policy.aboveRssMiB) {
    return `it holds ${Math.round(rssMiB)} MiB (above ${policy.aboveRssMiB} MiB)`;
  }
  return undefined;
}

/** The resident memory of `pid` in MiB (`VmRSS` in `/proc/<pid>/status`); undefined elsewhere. */
export function residentMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}
