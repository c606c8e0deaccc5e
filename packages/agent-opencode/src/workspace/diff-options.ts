/** How the workspace diff of each run is taken and bounded. */
export interface WorkspaceDiffOptions {
  /**
   * Bytes (UTF-8) kept of one file's patch; the rest is cut and the file is
   * marked `truncated`.
   * @default 65_536
   */
  maxFilePatchBytes?: number | undefined;
  /**
   * Bytes kept of all patches of one run together; files past it keep their
   * line counts but get an empty, `truncated` patch.
   * @default 1_048_576
   */
  maxPatchBytes?: number | undefined;
  /**
   * Files listed in one diff; more are left out of `files` (the totals still
   * count them) and the diff is marked `truncated`.
   * @default 1_000
   */
  maxFiles?: number | undefined;
  /**
   * Files larger than this are compared by content only: reported like
   * binary files, without line counts or patch (git's `core.bigFileThreshold`).
   * @default 8_388_608
   */
  maxTextFileBytes?: number | undefined;
  /**
   * Bound on each git command; a snapshot or diff that takes longer is given
   * up and the run has no diff (an `agent_error` says why).
   * @default 120_000
   */
  timeoutMs?: number | undefined;
  /**
   * The git executable.
   * @default `git` on PATH
   */
  gitPath?: string | undefined;
}

export type ResolvedDiffOptions = {
  [K in keyof WorkspaceDiffOptions]-?: Exclude<WorkspaceDiffOptions[K], undefined>;
};

export function resolveDiffOptions(options: WorkspaceDiffOptions = {}): ResolvedDiffOptions {
  return {
    maxFilePatchBytes: options.maxFilePatchBytes ?? 65_536,
    maxPatchBytes: options.maxPatchBytes ?? 1_048_576,
    maxFiles: options.maxFiles ?? 1_000,
    maxTextFileBytes: options.maxTextFileBytes ?? 8_388_608,
    timeoutMs: options.timeoutMs ?? 120_000,
    gitPath: options.gitPath ?? 'git',
  };
}
