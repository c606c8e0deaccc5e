import { formatDiffStat, formatPatch } from '@openjarvis/agent-opencode';
import type { WorkspaceDiff } from '@openjarvis/core';
import type { Stylize } from './style.js';

/**
 * The lines `jarvis run` prints for a run's workspace change: a count, then
 * one line per file (`+12 −3 src/cli.ts`), then with `patch` the unified diff.
 */
export function diffLines(diff: WorkspaceDiff, patch: boolean, style: Stylize): string[] {
  const { files, additions, deletions } = diff.totals;
  if (files === 0) return [style('dim', '  no files changed')];
  const shared = diff.shared ? ' (another run worked in this workspace at the same time)' : '';
  const lines = [
    `  ${files} file${files === 1 ? '' : 's'} changed, +${additions} −${deletions}${shared}`,
    ...formatDiffStat(diff).map((stat) => `    ${stat}`),
  ];
  if (files > diff.files.length) lines.push(`    … and ${files - diff.files.length} more`);
  if (patch) lines.push(formatPatch(diff).trimEnd());
  return lines;
}

/** How to continue the run's session. */
export function sessionLine(sessionId: string): string {
  return `  session ${sessionId} (continue it with --continue ${sessionId})`;
}
