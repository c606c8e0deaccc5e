import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { processIsolation } from './process-isolation.js';
import { supervisorScript } from './supervisor-script.js';

export interface ServerExit {
  code: number | undefined;
  signal: string | undefined;
}

/** A started `opencode serve`, directly or behind the supervisor. */
export interface ServerLaunch {
  /** opencode's pid, once known; undefined if it never started. */
  readonly pid: Promise<number | undefined>;
  /** Resolves when opencode has exited and, if supervised, its leftovers are gone. */
  readonly exited: Promise<ServerExit>;
  /** Signals opencode itself. */
  kill(signal: NodeJS.Signals): void;
  /** Last resort: SIGKILL to opencode and to the supervisor, with its namespace. */
  destroy(): void;
}

export interface LaunchOptions {
  binary: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** The private directory the supervisor removes when opencode or the owner is gone. */
  scratchRoot: string;
  /** Receives opencode's stdout and stderr. */
  onOutput(chunk: Buffer): void;
}

// With setpriv, the kernel kills opencode when its parent dies, even by
// SIGKILL, when no exit handler can run.
const setprivPath = '/usr/bin/setpriv';

/**
 * Starts opencode at the isolation level the machine allows (see
 * process-isolation.ts): behind the supervisor, in its own PID namespace where
 * possible; as a plain child where not.
 */
export function launchServer(options: LaunchOptions): ServerLaunch {
  const isolation = processIsolation(options.env);
  const withDeathSignal = (command: readonly string[]) =>
    existsSync(setprivPath) ? [setprivPath, '--pdeathsig', 'KILL', '--', ...command] : command;
  const opencode = [options.binary, ...options.args];
  if (isolation.level === 'off') return launchDirect(withDeathSignal(opencode), options);
  // In a namespace, killing the supervisor (pid 1) kills everything inside;
  // outside one, the death signal covers a supervisor killed by someone else.
  const inner = isolation.level === 'namespace' ? opencode : withDeathSignal(opencode);
  return launchSupervised(
    [
      ...isolation.namespacePrefix,
      process.execPath,
      '-e',
      supervisorScript,
      '--',
      options.scratchRoot,
      options.cwd,
      ...inner,
    ],
    options,
  );
}

function launchDirect(command: readonly string[], options: LaunchOptions): ServerLaunch {
  const child = execa(command[0] as string, command.slice(1), {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    cleanup: true,
    windowsHide: true,
  });
  child.stdout?.on('data', options.onOutput);
  child.stderr?.on('data', options.onOutput);
  const exited = child.then(
    (result) => ({ code: result.exitCode, signal: result.signal }),
    () => ({ code: undefined, signal: undefined }),
  );
  return {
    pid: Promise.resolve(child.pid),
    exited,
    kill: (signal) => child.kill(signal),
    destroy: () => child.kill('SIGKILL'),
  };
}

interface SupervisorReport {
  pid?: number;
  exit?: { code: number | null; signal: string | null };
}

function launchSupervised(command: readonly string[], options: LaunchOptions): ServerLaunch {
  const child = execa(command[0] as string, command.slice(1), {
    // Only opencode works in the workspace; the supervisor keeps no hold on it.
    cwd: '/',
    env: options.env,
    extendEnv: false,
    // stdin is the lifeline: never written, closed by the kernel when this
    // process dies, however it dies.
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    // The supervisor, not an exit handler here, stops opencode; its own
    // session keeps a Ctrl-C in the owner's terminal from reaching opencode
    // before the owner decides what to do.
    cleanup: false,
    detached: true,
    windowsHide: true,
  });
  let opencodePid: number | undefined;
  let reportedExit: SupervisorReport['exit'];
  let resolvePid: (pid: number | undefined) => void = () => {};
  const pid = new Promise<number | undefined>((resolve) => {
    resolvePid = resolve;
  });
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const report = parseReport(line);
      if (report?.pid !== undefined) {
        opencodePid = report.pid;
        resolvePid(report.pid);
      }
      if (report?.exit !== undefined) reportedExit = report.exit;
    }
  });
  child.stderr?.on('data', options.onOutput);
  // Nothing is written to the lifeline; a supervisor already gone is no error.
  child.stdin?.on('error', () => {});
  const exited = child.then(
    (result) => result,
    () => undefined,
  );
  const exit = exited.then((result): ServerExit => {
    resolvePid(undefined);
    if (reportedExit !== undefined) {
      return { code: reportedExit.code ?? undefined, signal: reportedExit.signal ?? undefined };
    }
    return { code: result?.exitCode, signal: result?.signal };
  });
  const signalOpenCode = (signal: NodeJS.Signals) => {
    if (opencodePid === undefined || reportedExit !== undefined) return;
    try {
      process.kill(opencodePid, signal);
    } catch {
      // already gone
    }
  };
  return {
    pid,
    exited: exit,
    kill: signalOpenCode,
    destroy: () => {
      signalOpenCode('SIGKILL');
      child.kill('SIGKILL');
    },
  };
}

function parseReport(line: string): SupervisorReport | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as SupervisorReport) : undefined;
  } catch {
    return undefined;
  }
}
