import { redactSecrets } from './redact-secrets.js';

const baseMarker = Symbol.for('openjarvis.error');

/**
 * Base of every error this project throws.
 *
 * `instanceof` breaks when two copies of a package are loaded (two versions in one
 * tree, or two realms), so each class carries a `Symbol.for` marker and a static
 * `isInstance` that checks the marker instead.
 *
 * Messages pass through `redactSecrets`, so a key echoed by an engine or a
 * password in a URL does not reach logs through an error message.
 */
export class JarvisError extends Error {
  readonly [baseMarker] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(redactSecrets(message), options);
    this.name = 'JarvisError';
  }

  static isInstance(error: unknown): error is JarvisError {
    return hasMarker(error, baseMarker);
  }
}

/** True when `error` is an object whose class (or a superclass) set `marker`. */
export function hasMarker(error: unknown, marker: symbol): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    marker in error &&
    (error as Record<symbol, unknown>)[marker] === true
  );
}
