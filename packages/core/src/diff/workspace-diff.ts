/** How one file changed during a run. */
export type FileChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

/** One file's change, as a unified diff with its line counts. */
export interface FileChange {
  /** Path relative to the workspace root, with `/` separators. */
  path: string;
  status: FileChangeStatus;
  /** The path before the run, for `renamed`. */
  oldPath?: string;
  additions: number;
  deletions: number;
  /** Binary files are marked, never dumped: their `patch` is empty. */
  binary: boolean;
  /** The unified diff of this file, possibly cut at the per-file bound. */
  patch: string;
  /** True when `patch` was cut at the per-file or per-run bound. */
  truncated: boolean;
}

/** The change a run made to its workspace, file by file, with totals. */
export interface WorkspaceDiff {
  files: FileChange[];
  totals: { files: number; additions: number; deletions: number };
  /** True when some patch was cut, or files were left out, to stay within the per-run bound. */
  truncated: boolean;
  /**
   * True when another run worked in the same workspace at the same time, so
   * the change may include its edits too.
   */
  shared: boolean;
}
