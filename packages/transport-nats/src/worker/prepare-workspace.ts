import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { FleetError } from '../errors.js';
import type { TaskWorkspace } from '../tasks/fleet-task.js';

/** A directory ready for one task, and how to give it back. */
export interface PreparedWorkspace {
  readonly dir: string;
  /** True for a fresh worktree of this task alone (an agent for it is not reused). */
  readonly fresh: boolean;
  /** Removes the task's worktree (a path workspace is left alone). */
  release(): Promise<void>;
}

export interface PrepareOptions {
  /** Where clones and worktrees live. */
  cacheDir: string;
  taskId: string;
  /** Bound on each git command. */
  gitTimeoutMs: number;
}

// One clone or fetch per repository at a time within this process.
const repoLocks = new Map<string, Promise<unknown>>();

/**
 * A path workspace must be an existing absolute directory. A git workspace
 * is cloned once (bare) into the cache, fetched on later tasks, and checked
 * out into a fresh worktree for this task. Throws a `FleetError`
 * (`workspace_unavailable`) saying what failed.
 */
export async function prepareWorkspace(
  workspace: TaskWorkspace,
  options: PrepareOptions,
): Promise<PreparedWorkspace> {
  if (typeof workspace === 'string') {
    if (!isAbsolute(workspace)) throw unavailable(`workspace ${workspace} is not an absolute path`);
    const info = await stat(workspace).catch(() => undefined);
    if (info === undefined || !info.isDirectory()) {
      throw unavailable(`workspace ${workspace} is not a directory on this worker`);
    }
    return { dir: await realpath(workspace), fresh: false, release: async () => {} };
  }
  const key = createHash('sha256').update(workspace.git).digest('hex').slice(0, 16);
  const repo = join(options.cacheDir, 'repos', `${key}.git`);
  const previous = repoLocks.get(repo) ?? Promise.resolve();
  const update = previous.catch(() => {}).then(() => cloneOrFetch(workspace.git, repo, options));
  repoLocks.set(repo, update);
  await update;
  const dir = join(
    options.cacheDir,
    'worktrees',
    `${options.taskId}-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(join(options.cacheDir, 'worktrees'), { recursive: true });
  await git(
    ['--git-dir', repo, 'worktree', 'add', '--detach', '--quiet', dir, workspace.ref ?? 'HEAD'],
    options,
    `check out ${workspace.ref ?? 'HEAD'} of ${workspace.git}`,
  );
  return {
    dir: await realpath(dir),
    fresh: true,
    release: async () => {
      await git(
        ['--git-dir', repo, 'worktree', 'remove', '--force', dir],
        options,
        'remove worktree',
      ).catch(() => rm(dir, { recursive: true, force: true }));
    },
  };
}

async function cloneOrFetch(url: string, repo: string, options: PrepareOptions): Promise<void> {
  const exists = await stat(repo).then(
    () => true,
    () => false,
  );
  if (exists) {
    await git(
      [
        '--git-dir',
        repo,
        'fetch',
        '--quiet',
        '--prune',
        'origin',
        '+refs/heads/*:refs/heads/*',
        '+refs/tags/*:refs/tags/*',
      ],
      options,
      `fetch ${url}`,
    );
    return;
  }
  await mkdir(join(options.cacheDir, 'repos'), { recursive: true });
  // Clone beside, then rename: a clone cut short never passes for a cached one.
  const partial = `${repo}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await git(['clone', '--bare', '--quiet', '--', url, partial], options, `clone ${url}`);
    await rename(partial, repo);
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

function git(args: string[], options: PrepareOptions, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        timeout: options.gitTimeoutMs,
        killSignal: 'SIGKILL',
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      },
      (error, _stdout, stderr) => {
        if (error === null) {
          resolve();
          return;
        }
        const detail = String(stderr).trim().split('\n').pop() ?? '';
        reject(unavailable(`could not ${what}: ${detail || error.message}`, error));
      },
    );
  });
}

function unavailable(message: string, cause?: unknown): FleetError {
  return new FleetError('workspace_unavailable', message, { cause });
}
