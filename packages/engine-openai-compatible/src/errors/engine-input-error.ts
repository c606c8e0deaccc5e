import { hasMarker, JarvisError } from '@openjarvis/core';

const inputMarker = Symbol.for('openjarvis.error.EngineInputError');

/**
 * An adapter was given something it cannot use: a malformed host, a negative
 * timeout, a message without a role. Raised before any request is sent.
 */
export class EngineInputError extends JarvisError {
  readonly [inputMarker] = true;
  /** The option or argument at fault, e.g. `host` or `messages[2].role`. */
  readonly field: string;

  constructor(options: { field: string; message: string }) {
    super(options.message);
    this.name = 'EngineInputError';
    this.field = options.field;
  }

  static override isInstance(error: unknown): error is EngineInputError {
    return hasMarker(error, inputMarker);
  }
}
