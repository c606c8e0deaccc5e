import { copyFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkspaceDiff } from '@openjarvis/core';
import { assembleDiff, emptyDiff } from './assemble-diff.js';
import type { ResolvedDiffOptions } from './diff-options.js';
import { parseDiffSummary } from './diff-summary.js';
import { PatchSplitter } from './patch-splitter.js';
import { createPrivateDirectory, type PrivateDirectory } from './private-directory.js';
import { PrivateGit } from './private-git.js';
import { type ActiveRun, joinWorkspace } from './shared-runs.js';

const diffArgs = [
  'diff',
  '--cached',
  '-z',
  '--raw',
  '--numstat',
  '--patch',
  '-M',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--src-prefix=a/',
  '--dst-prefix=b/',
];
// `--ignore-errors`: a file that cannot be read is left out rather than failing
// the snapshot; git then exits 1.
const addArgs = ['add', '--all', '--ignore-errors'];

/**
 * Takes a snapshot of a workspace when a run starts and diffs against it when
 * the run ends, with real git through a private git directory (see
 * `PrivateGit`): nothing is written into the workspace, and a repository's
 * own index, objects and uncommitted changes are never touched, so only the
 * run's own change counts.
 *
 * The snapshot is `git add --all` into a private index. The first one hashes
 * every file; later ones start from the index the previous run ended with, so
 * git only re-reads files whose size or mtime changed (and, with the untracked
 * cache, only directories that changed).
 */
export class WorkspaceTracker {
  readonly workspace: string;
  readonly #options: ResolvedDiffOptions;
  #directory: Promise<{ dir: PrivateDirectory; git: PrivateGit }> | undefined;
  #runs = 0;

  constructor(workspace: string, options: ResolvedDiffOptions) {
    this.workspace = workspace;
    this.#options = options;
  }

  /** Snapshots the workspace as it is now; `finish()` on the result diffs against it. */
  async begin(): Promise<RunSnapshot> {
    const { dir, git } = await this.#ready();
    const index = join(dir.root, `run-${++this.#runs}.index`);
    const base = join(dir.root, 'base.index');
    await copyFile(base, index).catch(() => {});
    const active = joinWorkspace(this.workspace);
    try {
      await git.run(addArgs, index, [0, 1]);
    } catch (error) {
      active.leave();
      await rm(index, { force: true });
      throw error;
    }
    // The "before" tree is written while the turn runs: only the private
    // index and objects are read and written, and the prompt need not wait.
    const before = git.run(['write-tree'], index).then((tree) => tree.trim());
    before.catch(() => {});
    return new RunSnapshot({ git, index, base, before, active, options: this.#options });
  }

  /** Deletes the private git directory. A later `begin()` makes a new one. */
  async close(): Promise<void> {
    const directory = this.#directory;
    this.#directory = undefined;
    const ready = await directory?.catch(() => undefined);
    await ready?.dir.remove();
  }

  #ready(): Promise<{ dir: PrivateDirectory; git: PrivateGit }> {
    if (this.#directory !== undefined) return this.#directory;
    const starting = (async () => {
      const dir = await createPrivateDirectory();
      const git = new PrivateGit({
        gitPath: this.#options.gitPath,
        gitDir: join(dir.root, 'git'),
        workTree: this.workspace,
        timeoutMs: this.#options.timeoutMs,
        maxTextFileBytes: this.#options.maxTextFileBytes,
      });
      try {
        await git.run(['init', '--quiet', '--template='], join(dir.root, 'init.index'));
      } catch (error) {
        await dir.remove();
        throw error;
      }
      return { dir, git };
    })();
    this.#directory = starting;
    starting.catch(() => {
      if (this.#directory === starting) this.#directory = undefined;
    });
    return starting;
  }
}

/** The workspace as one run found it; diff against it once. */
export class RunSnapshot {
  readonly #git: PrivateGit;
  readonly #index: string;
  readonly #base: string;
  readonly #before: Promise<string>;
  readonly #active: ActiveRun;
  readonly #options: ResolvedDiffOptions;
  #done = false;

  constructor(parts: {
    git: PrivateGit;
    index: string;
    base: string;
    before: Promise<string>;
    active: ActiveRun;
    options: ResolvedDiffOptions;
  }) {
    this.#before = parts.before;
    this.#git = parts.git;
    this.#index = parts.index;
    this.#base = parts.base;
    this.#active = parts.active;
    this.#options = parts.options;
  }

  /** The change since the snapshot, file by file, within the configured bounds. */
  async finish(): Promise<WorkspaceDiff> {
    if (this.#done) throw new Error('a snapshot can be diffed only once');
    this.#done = true;
    try {
      const before = await this.#before;
      await this.#git.run(addArgs, this.#index, [0, 1]);
      const diff = await this.#diff(before);
      // The index now describes the workspace as it is: the next run's snapshot starts from it.
      await rename(this.#index, this.#base).catch(() => {});
      return diff;
    } finally {
      this.#active.leave();
      await rm(this.#index, { force: true });
    }
  }

  /** Forgets the snapshot without diffing (the run never started its turn). */
  async discard(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    this.#active.leave();
    await this.#before.catch(() => {});
    await rm(this.#index, { force: true });
  }

  async #diff(before: string): Promise<WorkspaceDiff> {
    const splitter = new PatchSplitter({
      perFile: this.#options.maxFilePatchBytes,
      perRun: this.#options.maxPatchBytes,
    });
    let head = '';
    let summary: ReturnType<typeof parseDiffSummary>;
    await this.#git.stream([...diffArgs, before], this.#index, (text) => {
      if (summary === undefined) {
        head += text;
        summary = parseDiffSummary(head);
        if (summary === undefined) return true;
        splitter.push(head.slice(summary.patchStart));
        head = '';
      } else {
        splitter.push(text);
      }
      return !splitter.exhausted;
    });
    summary ??= parseDiffSummary(head);
    if (summary === undefined || summary.entries.length === 0) {
      return emptyDiff(this.#active.shared);
    }
    return assembleDiff(summary.entries, splitter.end(), {
      maxFiles: this.#options.maxFiles,
      shared: this.#active.shared,
    });
  }
}
