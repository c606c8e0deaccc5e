import type { FileChangeStatus } from '@openjarvis/core';

/** One changed file as `git diff -z --raw --numstat` describes it. */
export interface SummaryEntry {
  path: string;
  oldPath?: string;
  status: FileChangeStatus;
  /** `undefined` for binary files (numstat prints `-`). */
  additions: number | undefined;
  deletions: number | undefined;
}

/** The parsed summary and where the patch text that follows it begins. */
export interface ParsedSummary {
  entries: SummaryEntry[];
  /** Offset in the input where the patch text starts. */
  patchStart: number;
}

/**
 * Parses the head of `git diff -z --raw --numstat --patch` output: one raw
 * record per file (`:<modes> <shas> <status>\0<path>\0`, with a second path
 * for renames), then one numstat record per file in the same order
 * (`<add>\t<del>\t<path>\0`, or `<add>\t<del>\t\0<old>\0<new>\0` for renames),
 * then an empty record, then the patch text.
 *
 * Records are read by structure, never by guessing from content, so any byte
 * but NUL in a path is safe. Returns `undefined` while the head is incomplete
 * (more output must arrive first); empty output is an empty summary.
 */
export function parseDiffSummary(text: string): ParsedSummary | undefined {
  if (text === '') return { entries: [], patchStart: 0 };
  let at = 0;
  const next = (): string | undefined => {
    const end = text.indexOf('\0', at);
    if (end === -1) return undefined;
    const token = text.slice(at, end);
    at = end + 1;
    return token;
  };

  const raw: Array<{ status: FileChangeStatus; path: string; oldPath?: string }> = [];
  for (;;) {
    const mark = at;
    const head = next();
    if (head === undefined) return undefined;
    if (!head.startsWith(':')) {
      at = mark;
      break;
    }
    const letter = head.split(' ').at(-1)?.charAt(0) ?? '';
    const first = next();
    if (first === undefined) return undefined;
    if (letter === 'R' || letter === 'C') {
      const second = next();
      if (second === undefined) return undefined;
      raw.push(
        letter === 'R'
          ? { status: 'renamed', path: second, oldPath: first }
          : { status: 'added', path: second },
      );
    } else {
      raw.push({ status: statusOf(letter), path: first });
    }
  }

  const entries: SummaryEntry[] = [];
  for (const file of raw) {
    const record = next();
    if (record === undefined) return undefined;
    const [added, deleted, path] = record.split('\t');
    // A rename's numstat record has an empty path; its two paths follow.
    if (path === '' && file.oldPath !== undefined) {
      if (next() === undefined || next() === undefined) return undefined;
    }
    entries.push({ ...file, additions: count(added), deletions: count(deleted) });
  }
  // The empty record that separates the summary from the patch.
  if (entries.length > 0 && next() === undefined) return undefined;
  return { entries, patchStart: at };
}

function statusOf(letter: string): FileChangeStatus {
  if (letter === 'A') return 'added';
  if (letter === 'D') return 'deleted';
  // M (content), T (type: file ↔ symlink), and anything else git may add.
  return 'modified';
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || value === '-') return undefined;
  const parsed = Number(value);
  return Number.isInteger(parsed) ? parsed : undefined;
}
