import { readFileSync } from 'node:fs';

/**
 * Whether process `pid` exists and has not exited.
 *
 * - Signal 0 probes without signalling. `EPERM` means the process exists but belongs to
 *   another user, so it counts as alive; `ESRCH` means there is none.
 * - A zombie (exited, its status not yet collected by its parent) counts as dead: it runs
 *   nothing, and in a container whose PID 1 does not reap, it may never go away.
 * - Not a positive integer (`0` or `-1` would probe a whole process group): false.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  return answersSignalZero(pid) && !isZombie(pid);
}

/**
 * Whether signal 0 finds `target`: a process, or with a negative target the
 * process group `-target`. `EPERM` (it exists but belongs to another user)
 * counts as found, `ESRCH` as gone. Zombies count as found; `isAlive` is the
 * check for one process that does not.
 */
export function answersSignalZero(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Linux only: the state in `/proc/<pid>/stat`. Without it (no `/proc`, or the process went
 * away since the probe) not a zombie: the probe's answer stands until the next call.
 */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // The state follows the command name, which is in parentheses and may itself hold ')'.
  return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z';
}
