import { hasMarker, JarvisError } from '@openjarvis/core';

const marker = Symbol.for('openjarvis.error.UsageError');

/** The command line cannot be used as given: unknown flag, missing task, bad value. Exit code 2. */
export class UsageError extends JarvisError {
  readonly [marker] = true;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }

  static override isInstance(error: unknown): error is UsageError {
    return hasMarker(error, marker);
  }
}
