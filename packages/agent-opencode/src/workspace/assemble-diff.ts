import type { FileChange, WorkspaceDiff } from '@openjarvis/core';
import type { SummaryEntry } from './diff-summary.js';
import type { PatchSection } from './patch-splitter.js';

/**
 * Joins the summary of every changed file with the patch sections read (in
 * the same order; sections missing at the end were not read because the
 * per-run bound was spent). Totals count every file, also those left out
 * beyond `maxFiles`; binary files count no lines and carry no patch.
 */
export function assembleDiff(
  entries: readonly SummaryEntry[],
  sections: readonly PatchSection[],
  options: { maxFiles: number; shared: boolean },
): WorkspaceDiff {
  const files: FileChange[] = [];
  let additions = 0;
  let deletions = 0;
  let truncated = entries.length > options.maxFiles;
  entries.forEach((entry, index) => {
    const binary = entry.additions === undefined || entry.deletions === undefined;
    additions += entry.additions ?? 0;
    deletions += entry.deletions ?? 0;
    if (index >= options.maxFiles) return;
    const section = sections[index];
    const cut = section === undefined || section.truncated;
    const change: FileChange = {
      path: entry.path,
      status: entry.status,
      additions: entry.additions ?? 0,
      deletions: entry.deletions ?? 0,
      binary,
      patch: binary || section === undefined ? '' : section.patch,
      truncated: !binary && cut,
    };
    if (entry.oldPath !== undefined) change.oldPath = entry.oldPath;
    if (change.truncated) truncated = true;
    files.push(change);
  });
  return {
    files,
    totals: { files: entries.length, additions, deletions },
    truncated,
    shared: options.shared,
  };
}

/** A diff with no changes. */
export function emptyDiff(shared: boolean): WorkspaceDiff {
  return { files: [], totals: { files: 0, additions: 0, deletions: 0 }, truncated: false, shared };
}
