import type { WorkspaceDiff } from '@openjarvis/core';
import type { RunSnapshot, WorkspaceTracker } from './workspace-tracker.js';

/** A run's diff, or why there is none. */
export interface DiffOutcome {
  diff?: WorkspaceDiff;
  /** Set when the snapshot or the diff failed; the run goes on without a diff. */
  error?: string;
}

/**
 * The diff side of one run: the snapshot starts at once (on a first run it
 * overlaps the server's start), the prompt waits for it (`ready`), and
 * `finish` diffs once the turn is over. Failures never fail the run.
 */
export class RunDiff {
  readonly #snapshot: Promise<RunSnapshot | { error: string }> | undefined;

  constructor(tracker: WorkspaceTracker | undefined) {
    this.#snapshot = tracker?.begin().catch((error: unknown) => ({ error: messageOf(error) }));
  }

  /** Resolves once the workspace is snapshotted (or the snapshot failed). */
  async ready(): Promise<void> {
    await this.#snapshot;
  }

  async finish(): Promise<DiffOutcome> {
    const snapshot = await this.#snapshot;
    if (snapshot === undefined) return {};
    if ('error' in snapshot) return { error: snapshot.error };
    try {
      return { diff: await snapshot.finish() };
    } catch (error) {
      return { error: messageOf(error) };
    }
  }

  /** Drops the snapshot of a run that never reached its turn. */
  async discard(): Promise<void> {
    const snapshot = await this.#snapshot;
    if (snapshot !== undefined && !('error' in snapshot)) await snapshot.discard();
  }
}

function messageOf(error: unknown): string {
  return `the workspace diff failed: ${error instanceof Error ? error.message : String(error)}`;
}
