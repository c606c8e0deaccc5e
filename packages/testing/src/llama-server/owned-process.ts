import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessGroupAlive } from './process-group.js';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A child process that cannot outlive its owner; see spawnOwnedProcess. */
export interface OwnedProcess {
  /** Pid of the watchdog shell, which is also the process-group id. */
  readonly pid: number;
  /** Settles once the watchdog (and therefore the command) has ended and its output is read. */
  readonly exited: Promise<ProcessExit>;
  hasExited(): boolean;
  /** The last lines of the command's stdout and stderr, interleaved. */
  logTail(): string;
  /**
   * SIGTERM, then after `graceMs` SIGKILL to the whole process group. Idempotent; resolves
   * once every process of the group has ended (bounded: it gives up waiting after a further
   * 5 s for the watchdog and 5 s for the rest of the group).
   */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOwnedProcessOptions {
  /**
   * How many log lines logTail keeps.
   * @default 200
   */
  logLines?: number;
  /**
   * A directory deleted if the owner goes away without stopping the command (it exits or
   * dies). After a normal stop() or an exit of the command, it is left to the owner.
   */
  cleanupDir?: string;
}

/**
 * Runs `"$@"` in the background and kills it when its stdin reaches end-of-file. Stdin is a
 * pipe whose only writer is the owning Node process, so the kernel closes it when the owner
 * dies in any way, SIGKILL included: the command can never outlive its owner.
 *
 * To stop it, the owner signals the whole process group, so the command gets SIGTERM straight
 * from the kernel (forwarding it from a shell trap races with the shell's `wait`). The no-op
 * trap only keeps the shell alive until the command is gone; a caught signal is reset to its
 * default in the command, unlike an ignored one. A SIGTERM that lands between the shell's
 * fork and the command's exec is lost; stop() then escalates to SIGKILL after its grace period.
 *
 * Arguments: `$1` is a directory to delete when the owner is gone (empty for none), the rest
 * is the command. When the command simply ends, the directory is left to the owner. It is
 * deleted before the kill: once the command is dead the shell stops the watcher.
 */
export const WATCHDOG_SCRIPT = `
cleanup=$1
shift
trap : TERM INT HUP
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
{
  while read -r _; do :; done
  [ -n "$cleanup" ] && rm -rf -- "$cleanup"
  kill -KILL "$child" 2>/dev/null
} <&3 &
watcher=$!
exec 3<&-
status=0
while :; do
  wait "$child"
  status=$?
  kill -0 "$child" 2>/dev/null || break
done
kill "$watcher" 2>/dev/null
exit "$status"
`;

const STOP_BOUND_MS = 5_000;

function unrefStream(stream: unknown): void {
  if (stream instanceof Socket) stream.unref();
}

/** Starts `command args…` under a watchdog shell in its own process group; see WATCHDOG_SCRIPT. */
export function spawnOwnedProcess(
  command: string,
  args: readonly string[],
  options: SpawnOwnedProcessOptions = {},
): OwnedProcess {
  const maxLines = options.logLines ?? 200;
  const child = spawn(
    '/bin/sh',
    ['-c', WATCHDOG_SCRIPT, 'llama-server-watchdog', options.cleanupDir ?? '', command, ...args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const pid = child.pid;
  if (pid === undefined) {
    // spawn reports the reason asynchronously; without a pid there is nothing to own.
    throw new Error(`could not spawn /bin/sh to run ${command}`);
  }
  const groupId = pid;
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-groupId, signal);
    } catch {
      // already gone
    }
  };

  const lines: string[] = [];
  const partial = { stdout: '', stderr: '' };
  const collect = (key: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const parts = (partial[key] + chunk.toString('utf8')).split('\n');
    partial[key] = parts.pop() ?? '';
    lines.push(...parts);
    if (lines.length > maxLines) lines.splice(0, lines.length - maxLines);
  };
  // Always drained: a full pipe would block llama-server's logging and stall it.
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));
  child.stdin.on('error', () => {}); // EPIPE once the watchdog is gone

  let exitInfo: ProcessExit | undefined;
  // Belt and braces next to the stdin pipe: a synchronous kill when the owner exits normally
  // (the SIGKILL may reach the stdin watcher before its own clean-up, hence the rmSync).
  const killOnOwnerExit = () => {
    if (exitInfo !== undefined) return;
    killGroup('SIGKILL');
    if (options.cleanupDir) rmSync(options.cleanupDir, { recursive: true, force: true });
  };
  process.once('exit', killOnOwnerExit);

  const exited = new Promise<ProcessExit>((resolveExit) => {
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (exitInfo !== undefined) return;
      exitInfo = { code, signal };
      process.removeListener('exit', killOnOwnerExit);
      child.stdin.destroy();
      resolveExit(exitInfo);
    };
    // `close`, not `exit`: by then the output has been read to the end, so logTail is complete.
    child.once('close', settle);
    child.once('error', () => settle(null, null));
  });

  // A forgotten server must not keep its owner alive; the watchdog cleans up after it.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) unrefStream(stream);

  const waitExit = (ms: number) =>
    new Promise<boolean>((resolveWait) => {
      const timer = setTimeout(() => resolveWait(false), ms);
      void exited.then(() => {
        clearTimeout(timer);
        resolveWait(true);
      });
    });

  let stopping: Promise<void> | undefined;
  return {
    pid,
    exited,
    hasExited: () => exitInfo !== undefined,
    logTail: () => [...lines, partial.stdout, partial.stderr].filter(Boolean).join('\n'),
    stop(graceMs = 5_000) {
      stopping ??= (async () => {
        if (exitInfo === undefined) {
          killGroup('SIGTERM');
          if (!(await waitExit(graceMs))) {
            killGroup('SIGKILL');
            await waitExit(STOP_BOUND_MS);
          }
        }
        // Sweeps up anything the watchdog left behind, e.g. if it died by other means, and
        // waits (bounded) until every member has really gone.
        killGroup('SIGKILL');
        const deadline = Date.now() + STOP_BOUND_MS;
        while (isProcessGroupAlive(groupId) && Date.now() < deadline) await sleep(20);
      })();
      return stopping;
    },
  };
}
