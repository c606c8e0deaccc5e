import { hasMarker, JarvisError } from '@openjarvis/core';

const marker = Symbol.for('openjarvis.ui-server-error');

/** Why the UI server could not start. */
export type UiServerErrorKind = 'not_loopback' | 'listen_failed';

/** The UI server refused its options or could not listen. */
export class UiServerError extends JarvisError {
  readonly [marker] = true;
  readonly kind: UiServerErrorKind;

  constructor(kind: UiServerErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UiServerError';
    this.kind = kind;
  }

  static override isInstance(error: unknown): error is UiServerError {
    return hasMarker(error, marker);
  }
}
