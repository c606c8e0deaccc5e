import { hasMarker, JarvisError } from '@openjarvis/core';

const framingMarker = Symbol.for('openjarvis.error.FramingError');

/**
 * A byte stream could not be split into events or lines (an SSE event or an
 * NDJSON line grew past its bound). Engine adapters turn it into core's
 * `EngineStreamError`; it exists so the readers stay engine-agnostic.
 */
export class FramingError extends JarvisError {
  readonly [framingMarker] = true;

  constructor(message: string) {
    super(message);
    this.name = 'FramingError';
  }

  static override isInstance(error: unknown): error is FramingError {
    return hasMarker(error, framingMarker);
  }
}
