import type { AgentResult, WorkspaceDiff } from '@openjarvis/core';
import { describe, expect, it } from 'vitest';
import { diffOf, formatDiffStat, formatPatch, sessionIdOf } from './result-accessors.js';

const diff: WorkspaceDiff = {
  files: [
    {
      path: 'src/cli.ts',
      status: 'modified',
      additions: 12,
      deletions: 3,
      binary: false,
      patch: 'diff --git a/src/cli.ts b/src/cli.ts\n',
      truncated: false,
    },
    {
      path: 'logo.png',
      status: 'added',
      additions: 0,
      deletions: 0,
      binary: true,
      patch: '',
      truncated: false,
    },
    {
      path: 'b.ts',
      oldPath: 'a.ts',
      status: 'renamed',
      additions: 0,
      deletions: 0,
      binary: false,
      patch: '',
      truncated: false,
    },
  ],
  totals: { files: 3, additions: 12, deletions: 3 },
  truncated: false,
  shared: false,
};
const result = (metadata: AgentResult['metadata']): AgentResult => ({
  content: '',
  toolResults: [],
  turns: 1,
  metadata,
});

describe('result accessors', () => {
  it('find the diff and the session of a result, and nothing where there is none', () => {
    expect(diffOf(result({ diff, sessionId: 'ses_1' }))).toBe(diff);
    expect(sessionIdOf(result({ diff, sessionId: 'ses_1' }))).toBe('ses_1');
    expect(diffOf(result({ sessionId: 'ses_2' }))).toBeUndefined();
    expect(sessionIdOf(result({ sessionId: '' }))).toBeUndefined();
    expect(diffOf(undefined)).toBeUndefined();
  });

  it('format the changed files and the patch', () => {
    expect(formatDiffStat(diff)).toEqual([
      '+12 −3 src/cli.ts',
      'binary logo.png',
      '+0 −0 a.ts → b.ts',
    ]);
    expect(formatPatch(diff)).toBe(
      'diff --git a/src/cli.ts b/src/cli.ts\nBinary file logo.png changed\n',
    );
    expect(formatPatch({ ...diff, truncated: true })).toContain('(cut: 3 files changed, 3 listed');
  });
});
