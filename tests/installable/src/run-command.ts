import { execFile } from 'node:child_process';

export interface CommandOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end within `timeoutMs` (then it is killed, and the
 * outcome says so), with its output collected. Never rejects: the test
 * asserts on the outcome.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs: number; env?: Record<string, string | undefined> },
): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code =
          error === null ? 0 : typeof error.code === 'number' ? error.code : error.killed ? 137 : 1;
        const killed = error?.killed === true ? `\n[killed after ${options.timeoutMs} ms]` : '';
        resolve({ code, stdout, stderr: `${stderr}${killed}` });
      },
    );
  });
}

/**
 * pnpm as this workspace runs it: the running pnpm when the test was started
 * through it (`npm_execpath`), else the pinned version through npx.
 */
export function pnpmCommand(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm/.test(execPath))
    return { command: process.execPath, prefix: [execPath] };
  return { command: 'npx', prefix: ['-y', 'pnpm@10.34.8'] };
}
