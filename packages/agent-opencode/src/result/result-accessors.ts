import type { AgentResult, FileChange, WorkspaceDiff } from '@openjarvis/core';

/**
 * The workspace diff of an opencode run's result (`metadata.diff`), e.g. of
 * an earlier pipeline step: `diffOf(results.get('build'))`. `undefined` when
 * the result has none (another agent type, diffs off, or the diff failed).
 */
export function diffOf(result: AgentResult | undefined): WorkspaceDiff | undefined {
  return result?.metadata.diff;
}

/** The opencode session of a result (`metadata.sessionId`), to continue it; `undefined` if none. */
export function sessionIdOf(result: AgentResult | undefined): string | undefined {
  const id = result?.metadata.sessionId;
  return id === '' ? undefined : id;
}

/** One line per file, as `jarvis run` prints them: `+12 −3 src/cli.ts`. */
export function formatDiffStat(diff: WorkspaceDiff): string[] {
  return diff.files.map((file) => `${countsOf(file)} ${nameOf(file)}`);
}

/** Every file's patch, one after another, and a note when anything was cut. */
export function formatPatch(diff: WorkspaceDiff): string {
  const patches = diff.files.map((file) =>
    file.binary ? `Binary file ${nameOf(file)} changed\n` : file.patch,
  );
  if (diff.truncated) {
    patches.push(
      `(cut: ${diff.totals.files} files changed, ${diff.files.length} listed; some patches were truncated at the size bound)\n`,
    );
  }
  return patches.join('');
}

function countsOf(file: FileChange): string {
  return file.binary ? 'binary' : `+${file.additions} −${file.deletions}`;
}

function nameOf(file: FileChange): string {
  return file.oldPath === undefined ? file.path : `${file.oldPath} → ${file.path}`;
}
