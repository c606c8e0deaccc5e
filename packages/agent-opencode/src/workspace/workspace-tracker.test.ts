import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../test-support/harness.js';
import { resolveDiffOptions } from './diff-options.js';
import { WorkspaceDiffError } from './workspace-diff-error.js';
import { WorkspaceTracker } from './workspace-tracker.js';

// Real git, real files: a private git directory diffs temporary workspaces.

/** Every path below `root` (`.git` included) with its size and mtime. */
function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const stat = statSync(path);
      out.push(`${relative(root, path)} ${stat.size} ${stat.mtimeMs}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(root);
  return out.sort();
}

function gitRepo(): string {
  const ws = tempWorkspace();
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: ws });
  git('init', '-q');
  writeFileSync(join(ws, 'committed.txt'), 'one\ntwo\nthree\n');
  writeFileSync(join(ws, 'dirty.txt'), 'clean\n');
  writeFileSync(join(ws, '.gitignore'), 'build/\n*.log\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
  // Uncommitted before the run: only the run's own change may count.
  writeFileSync(join(ws, 'dirty.txt'), 'dirty before the run\n');
  writeFileSync(join(ws, 'untracked-before.txt'), 'here before\n');
  return ws;
}

const track = (ws: string, options = {}) => new WorkspaceTracker(ws, resolveDiffOptions(options));

describe('WorkspaceTracker', () => {
  it('in a git repository with uncommitted changes: only the change made after the snapshot, nothing written into the workspace', async () => {
    const ws = gitRepo();
    const tracker = track(ws);
    try {
      const before = listing(ws);
      const snapshot = await tracker.begin();
      expect(listing(ws)).toEqual(before);
      writeFileSync(join(ws, 'committed.txt'), 'one\nTWO\nthree\nfour\n');
      writeFileSync(join(ws, 'added.txt'), 'new\n');
      unlinkSync(join(ws, 'untracked-before.txt'));
      mkdirSync(join(ws, 'build'));
      writeFileSync(join(ws, 'build', 'out.js'), 'ignored\n');
      writeFileSync(join(ws, 'debug.log'), 'ignored\n');
      const after = listing(ws);
      const diff = await snapshot.finish();
      expect(listing(ws)).toEqual(after);
      expect(diff.files.map((f) => [f.path, f.status, f.additions, f.deletions])).toEqual([
        ['added.txt', 'added', 1, 0],
        ['committed.txt', 'modified', 2, 1],
        ['untracked-before.txt', 'deleted', 0, 1],
      ]);
      expect(diff.files[1]?.patch).toContain('-two\n+TWO\n');
      expect(diff.files[1]?.patch.startsWith('diff --git a/committed.txt b/committed.txt\n')).toBe(
        true,
      );
      expect(diff.totals).toEqual({ files: 3, additions: 3, deletions: 2 });
      expect(diff).toMatchObject({ truncated: false, shared: false });
      // The repository itself is as it was: same index, same status.
      expect(execFileSync('git', ['status', '--porcelain'], { cwd: ws, encoding: 'utf8' })).toBe(
        ' M committed.txt\n M dirty.txt\n?? added.txt\n',
      );
    } finally {
      await tracker.close();
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('in a plain directory: every file counts (no .git appears), with renames, binaries and a second run starting from the first one’s end', async () => {
    const ws = tempWorkspace();
    writeFileSync(join(ws, 'old-name.txt'), 'a\nb\nc\nd\ne\n');
    writeFileSync(join(ws, 'image.bin'), Buffer.from([0, 1, 2, 3, 0, 255]));
    const tracker = track(ws);
    try {
      const first = await tracker.begin();
      execFileSync('mv', ['old-name.txt', 'new-name.txt'], { cwd: ws });
      writeFileSync(join(ws, 'image.bin'), Buffer.from([0, 9, 9, 9, 0, 255]));
      const diff = await first.finish();
      expect(readdirSync(ws).sort()).toEqual(['image.bin', 'new-name.txt']);
      expect(diff.files).toEqual([
        {
          path: 'image.bin',
          status: 'modified',
          additions: 0,
          deletions: 0,
          binary: true,
          patch: '',
          truncated: false,
        },
        expect.objectContaining({
          path: 'new-name.txt',
          oldPath: 'old-name.txt',
          status: 'renamed',
        }),
      ]);

      const second = await tracker.begin();
      writeFileSync(join(ws, 'new-name.txt'), 'a\nb\nc\nd\ne\nf\n');
      const next = await second.finish();
      expect(next.files.map((f) => [f.path, f.status, f.additions])).toEqual([
        ['new-name.txt', 'modified', 1],
      ]);
    } finally {
      await tracker.close();
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('bounds patches per file and per run, and says so', async () => {
    const ws = tempWorkspace();
    const tracker = track(ws, { maxFilePatchBytes: 200, maxPatchBytes: 600, maxFiles: 3 });
    try {
      const snapshot = await tracker.begin();
      for (const name of ['a', 'b', 'c', 'd', 'e']) {
        writeFileSync(join(ws, `${name}.txt`), 'line of text\n'.repeat(name === 'a' ? 100 : 3));
      }
      const diff = await snapshot.finish();
      expect(diff.totals).toEqual({ files: 5, additions: 112, deletions: 0 });
      expect(diff.files).toHaveLength(3);
      expect(diff.files[0]).toMatchObject({ path: 'a.txt', additions: 100, truncated: true });
      expect(Buffer.byteLength(diff.files[0]?.patch ?? '')).toBeLessThanOrEqual(200);
      expect(diff.files[1]).toMatchObject({ path: 'b.txt', truncated: false });
      expect(diff.truncated).toBe(true);
      const kept = diff.files.reduce((n, f) => n + Buffer.byteLength(f.patch), 0);
      expect(kept).toBeLessThanOrEqual(600);
    } finally {
      await tracker.close();
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('reports files over maxTextFileBytes like binaries, and an unchanged workspace as an empty diff', async () => {
    const ws = tempWorkspace();
    const tracker = track(ws, { maxTextFileBytes: 1024 });
    try {
      const quiet = await tracker.begin();
      expect((await quiet.finish()).files).toEqual([]);
      const snapshot = await tracker.begin();
      writeFileSync(join(ws, 'big.txt'), 'x\n'.repeat(2000));
      const diff = await snapshot.finish();
      expect(diff.files).toEqual([expect.objectContaining({ path: 'big.txt', binary: true })]);
    } finally {
      await tracker.close();
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('marks overlapping runs in one workspace as shared, and runs after them as not', async () => {
    const ws = tempWorkspace();
    const a = track(ws);
    const b = track(ws);
    try {
      const first = await a.begin();
      const second = await b.begin();
      writeFileSync(join(ws, 'x.txt'), 'x\n');
      const [one, two] = await Promise.all([first.finish(), second.finish()]);
      expect([one.shared, two.shared]).toEqual([true, true]);
      // Each sees the workspace's change, whoever made it.
      expect(one.files.map((f) => f.path)).toEqual(['x.txt']);
      expect(two.files.map((f) => f.path)).toEqual(['x.txt']);
      const alone = await a.begin();
      expect((await alone.finish()).shared).toBe(false);
    } finally {
      await a.close();
      await b.close();
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('fails with a typed error when git is missing', async () => {
    const ws = tempWorkspace();
    const tracker = track(ws, { gitPath: join(ws, 'no-such-git') });
    try {
      const error = await tracker.begin().catch((e: unknown) => e);
      expect(WorkspaceDiffError.isInstance(error) && error.kind).toBe('git_not_found');
    } finally {
      await tracker.close();
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
