import { readdirSync, readlinkSync } from 'node:fs';

/** The pids of the processes whose working directory is `dir` (Linux, via /proc). */
export function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dir) pids.push(Number(entry));
    } catch {
      // gone, or not ours to look at
    }
  }
  return pids;
}

/** Polls until `condition` holds; the test's own timeout bounds the wait. */
export async function until(condition: () => boolean, intervalMs = 50): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
