import { describe, expect, it } from 'vitest';
import { assembleDiff } from './assemble-diff.js';
import { parseDiffSummary } from './diff-summary.js';
import { PatchSplitter } from './patch-splitter.js';

// As git 2.39 prints `diff --cached -z --raw --numstat --patch -M` (patch abridged).
const head = [
  ':100644 100644 51db4f1 d85e46b M',
  'bin.dat',
  ':100644 000000 587be6b 0000000 D',
  'del.txt',
  ':100644 100644 de98044 a7bc997 M',
  'keep.txt',
  ':100644 100644 e5f9687 e5f9687 R100',
  'old.txt',
  'new.txt',
  ':000000 100644 0000000 3e75765 A',
  'tab\there:\n.txt',
  '-\t-\tbin.dat',
  '0\t1\tdel.txt',
  '2\t1\tkeep.txt',
  '0\t0\t',
  'old.txt',
  'new.txt',
  '1\t0\ttab\there:\n.txt',
  '',
].join('\0');
const patch = [
  'diff --git a/bin.dat b/bin.dat',
  'Binary files a/bin.dat and b/bin.dat differ',
  'diff --git a/del.txt b/del.txt',
  '--- a/del.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-x',
  'diff --git a/keep.txt b/keep.txt',
  '@@ -1,3 +1,4 @@',
  ' a',
  '-b',
  '+B',
  ' c',
  '+d',
  'diff --git a/old.txt b/new.txt',
  'similarity index 100%',
  'diff --git "a/tab\\there:\\n.txt" "b/tab\\there:\\n.txt"',
  '+new',
  '',
].join('\n');
const output = `${head}\0${patch}`;

describe('parseDiffSummary', () => {
  it('reads status, paths (any byte but NUL), renames and line counts by structure', () => {
    const parsed = parseDiffSummary(output);
    expect(parsed?.entries).toEqual([
      { status: 'modified', path: 'bin.dat', additions: undefined, deletions: undefined },
      { status: 'deleted', path: 'del.txt', additions: 0, deletions: 1 },
      { status: 'modified', path: 'keep.txt', additions: 2, deletions: 1 },
      { status: 'renamed', path: 'new.txt', oldPath: 'old.txt', additions: 0, deletions: 0 },
      { status: 'added', path: 'tab\there:\n.txt', additions: 1, deletions: 0 },
    ]);
    expect(output.slice(parsed?.patchStart)).toBe(patch);
  });

  it('says "incomplete" for every cut of the head, and reads no output as no change', () => {
    for (let cut = 1; cut <= head.length; cut++) {
      expect(parseDiffSummary(head.slice(0, cut))).toBeUndefined();
    }
    expect(parseDiffSummary('')).toEqual({ entries: [], patchStart: 0 });
  });
});

describe('PatchSplitter', () => {
  const sections = (bounds: { perFile: number; perRun: number }, chunk = 7) => {
    const splitter = new PatchSplitter(bounds);
    for (let at = 0; at < patch.length; at += chunk) splitter.push(patch.slice(at, at + chunk));
    return { sections: splitter.end(), exhausted: splitter.exhausted };
  };

  it('splits at diff --git lines whatever the chunking', () => {
    const { sections: one } = sections({ perFile: 1e6, perRun: 1e6 }, 1);
    const { sections: many } = sections({ perFile: 1e6, perRun: 1e6 }, 1000);
    expect(one).toEqual(many);
    expect(one).toHaveLength(5);
    expect(one[2]).toEqual({
      patch: 'diff --git a/keep.txt b/keep.txt\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n',
      truncated: false,
    });
    expect(one.map((s) => s.patch).join('')).toBe(patch);
  });

  it('cuts a file at whole lines within its bound and goes on with the next file', () => {
    const { sections: cut, exhausted } = sections({ perFile: 60, perRun: 1e6 });
    expect(cut[2]).toEqual({
      patch: 'diff --git a/keep.txt b/keep.txt\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n',
      truncated: true,
    });
    expect(cut[3]?.truncated).toBe(false);
    expect(exhausted).toBe(false);
  });

  it('stops keeping anything once the run bound is spent, and says so', () => {
    const { sections: cut, exhausted } = sections({ perFile: 1e6, perRun: 120 });
    expect(cut.map((s) => s.patch).join('').length).toBeLessThanOrEqual(120);
    expect(cut.at(-1)).toEqual({ patch: '', truncated: true });
    expect(exhausted).toBe(true);
  });
});

describe('assembleDiff', () => {
  const parsed = parseDiffSummary(output);
  const split = new PatchSplitter({ perFile: 1e6, perRun: 1e6 });
  split.push(patch);
  const all = split.end();

  it('marks binary files without dumping them, and totals every file', () => {
    const diff = assembleDiff(parsed?.entries ?? [], all, { maxFiles: 100, shared: false });
    expect(diff.files[0]).toMatchObject({
      path: 'bin.dat',
      binary: true,
      patch: '',
      truncated: false,
    });
    expect(diff.files[3]).toMatchObject({ status: 'renamed', oldPath: 'old.txt', path: 'new.txt' });
    expect(diff.totals).toEqual({ files: 5, additions: 3, deletions: 2 });
    expect(diff.truncated).toBe(false);
  });

  it('leaves out files beyond maxFiles but still counts them, and marks unread patches truncated', () => {
    const diff = assembleDiff(parsed?.entries ?? [], all.slice(0, 2), {
      maxFiles: 3,
      shared: true,
    });
    expect(diff.files.map((f) => f.path)).toEqual(['bin.dat', 'del.txt', 'keep.txt']);
    expect(diff.files[2]).toMatchObject({ patch: '', truncated: true });
    expect(diff.totals.files).toBe(5);
    expect(diff.truncated).toBe(true);
    expect(diff.shared).toBe(true);
  });
});
