import { spawn } from 'node:child_process';

export interface NodeProgramOptions {
  args?: readonly string[];
  /** Added to this process's environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface NodeProgramOutcome {
  /** The exit code, or 128 + the signal's number when a signal ended it. */
  code: number;
  stdout: string;
  stderr: string;
}

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: 2,
  SIGKILL: 9,
  SIGTERM: 15,
};

/** Runs `node <script> …args` to its end, as a user's shell would, and collects its output. */
export function runNodeProgram(
  script: string,
  options: NodeProgramOptions = {},
): Promise<NodeProgramOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...(options.args ?? [])], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const killedBy = signal === null ? 0 : (signalNumbers[signal] ?? 0);
      resolve({ code: code ?? 128 + killedBy, stdout, stderr });
    });
  });
}
