import { readdirSync, readFileSync } from 'node:fs';

/**
 * The pids of every descendant of `pid`, from `/proc` (Linux). Elsewhere, or
 * when `/proc` cannot be read, an empty list.
 *
 * opencode runs each bash command as the leader of a new session, so neither
 * a signal to opencode nor one to its process group reaches them; they must be
 * found and signalled one by one.
 */
export function descendantsOf(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    const child = Number(entry);
    if (!Number.isInteger(child)) continue;
    const parent = parentOf(child);
    if (parent === undefined) continue;
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [child]);
    else list.push(child);
  }
  const result: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    for (const child of children.get(next) ?? []) {
      result.push(child);
      queue.push(child);
    }
  }
  return result;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses; fields
    // after the last ')' are fixed: state, then the parent pid.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const parent = Number(rest[1]);
    return Number.isInteger(parent) ? parent : undefined;
  } catch {
    return undefined;
  }
}

/** Sends `signal` to each pid that still exists; ignores the ones already gone. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already exited
    }
  }
}
