import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI the tests run, as a user's shell would. */
export const binPath = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface CliRun {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (or 128 + signal number when killed). */
  readonly exited: Promise<number>;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

// `jarvis run` keeps opencode's sessions under $XDG_DATA_HOME: the tests' go
// to a temporary directory of this test process, removed when it exits.
const dataHome = mkdtempSync(join(tmpdir(), 'oj-cli-data-'));
process.on('exit', () => rmSync(dataHome, { recursive: true, force: true }));

/** Starts `node dist/bin.js …args` as a child process. */
export function startCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1', XDG_DATA_HOME: dataHome, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs the CLI to the end. */
export async function runCli(
  args: readonly string[],
  options: CliOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = startCli(args, options);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === 'SIGINT' ? 2 : signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 0;
}
