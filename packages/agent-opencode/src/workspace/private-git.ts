import { existsSync } from 'node:fs';
import { devNull } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { WorkspaceDiffError } from './workspace-diff-error.js';

export interface PrivateGitOptions {
  gitPath: string;
  /** The private git directory (outside the workspace). */
  gitDir: string;
  /** The workspace, as git's work tree: only ever read. */
  workTree: string;
  timeoutMs: number;
  maxTextFileBytes: number;
}

/**
 * Runs git with a private git directory and the workspace as its work tree.
 * Nothing is written into the workspace: the index and objects live in the
 * private directory, and git never looks for the workspace's own `.git`
 * (GIT_DIR is explicit). The user's and the system's git config are not read,
 * so no `diff.external`, textconv, hook, fsmonitor or autocrlf setting of
 * theirs changes what is read or run; the workspace's `.gitignore` files (and,
 * in a repository's root, its `.git/info/exclude`) are honoured.
 */
export class PrivateGit {
  readonly #options: PrivateGitOptions;
  readonly #config: string[];
  readonly #env: Record<string, string>;

  constructor(options: PrivateGitOptions) {
    this.#options = options;
    const exclude = join(options.workTree, '.git', 'info', 'exclude');
    this.#config = [
      'core.untrackedCache=true',
      // Smaller index files (path prefixes compressed): less to read and write per snapshot.
      'index.version=4',
      'core.autocrlf=false',
      'core.safecrlf=false',
      'core.fsmonitor=false',
      `core.hooksPath=${devNull}`,
      `core.excludesFile=${existsSync(exclude) ? exclude : ''}`,
      `core.bigFileThreshold=${options.maxTextFileBytes}`,
      'core.quotePath=false',
      'advice.addEmbeddedRepo=false',
      'gc.auto=0',
    ].flatMap((setting) => ['-c', setting]);
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !key.startsWith('GIT_')) env[key] = value;
    }
    this.#env = {
      ...env,
      GIT_DIR: options.gitDir,
      GIT_WORK_TREE: options.workTree,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: devNull,
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
    };
  }

  /**
   * Runs `git <args>` with `indexFile` as the index; resolves with its stdout.
   * Exit codes other than `okExitCodes` reject with a `WorkspaceDiffError`.
   */
  async run(
    args: readonly string[],
    indexFile: string,
    okExitCodes: readonly number[] = [0],
  ): Promise<string> {
    const result = await execa(this.#options.gitPath, [...this.#config, ...args], {
      ...this.#execOptions(indexFile),
      buffer: true,
      stripFinalNewline: false,
    });
    if (
      result.failed &&
      !(result.exitCode !== undefined && okExitCodes.includes(result.exitCode))
    ) {
      throw this.#failure(args, result);
    }
    return result.stdout;
  }

  /**
   * Runs `git <args>` and hands its stdout to `onText` as it arrives, until
   * git ends or `onText` returns false (git is then stopped).
   */
  async stream(
    args: readonly string[],
    indexFile: string,
    onText: (text: string) => boolean,
  ): Promise<void> {
    const child = execa(this.#options.gitPath, [...this.#config, ...args], {
      ...this.#execOptions(indexFile),
      buffer: false,
    });
    const decoder = new TextDecoder('utf-8');
    let stopped = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (stopped) return;
      if (!onText(decoder.decode(chunk, { stream: true }))) {
        stopped = true;
        child.kill('SIGKILL');
      }
    });
    const result = await child;
    if (!stopped) onText(decoder.decode());
    if (result.failed && !stopped) throw this.#failure(args, result);
  }

  #execOptions(indexFile: string) {
    return {
      cwd: this.#options.workTree,
      env: { ...this.#env, GIT_INDEX_FILE: indexFile },
      extendEnv: false,
      stdin: 'ignore' as const,
      reject: false,
      timeout: this.#options.timeoutMs,
      forceKillAfterDelay: 1_000,
      windowsHide: true,
    };
  }

  #failure(
    args: readonly string[],
    result: { code?: string | undefined; timedOut: boolean; stderr?: unknown; exitCode?: number },
  ): WorkspaceDiffError {
    const command = `git ${args[0] ?? ''}`;
    if (result.code === 'ENOENT') {
      return new WorkspaceDiffError(
        'git_not_found',
        `git was not found (${this.#options.gitPath}); install git (e.g. "apt-get install git") or set diff.gitPath`,
      );
    }
    if (result.timedOut) {
      return new WorkspaceDiffError(
        'timeout',
        `${command} did not finish within ${this.#options.timeoutMs} ms`,
      );
    }
    const stderr = typeof result.stderr === 'string' ? result.stderr.trim().slice(0, 500) : '';
    return new WorkspaceDiffError(
      'git_failed',
      `${command} failed (exit ${result.exitCode ?? 'none'})${stderr === '' ? '' : `: ${stderr}`}`,
    );
  }
}
