import { hasMarker, JarvisError } from '@openjarvis/core';

/** Why a run's workspace diff could not be taken. */
export type WorkspaceDiffErrorKind = 'git_not_found' | 'git_failed' | 'timeout';

const marker = Symbol.for('openjarvis.error.WorkspaceDiffError');

/**
 * The workspace snapshot or diff failed. The run itself is not failed by it:
 * its result then has no `metadata.diff`, and an `agent_error` event
 * (`kind: 'workspace_diff_failed'`) carries this message.
 */
export class WorkspaceDiffError extends JarvisError {
  readonly [marker] = true;
  readonly kind: WorkspaceDiffErrorKind;

  constructor(kind: WorkspaceDiffErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkspaceDiffError';
    this.kind = kind;
  }

  static override isInstance(error: unknown): error is WorkspaceDiffError {
    return hasMarker(error, marker);
  }
}
