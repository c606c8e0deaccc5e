import { hasMarker, JarvisError } from '@openjarvis/core';

const responseMarker = Symbol.for('openjarvis.error.EngineResponseError');

/** The engine answered 2xx with a body the adapter cannot read (not JSON, no choices, …). */
export class EngineResponseError extends JarvisError {
  readonly [responseMarker] = true;
  readonly engineId: string;
  readonly url: string;

  constructor(options: { engineId: string; url: string; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'EngineResponseError';
    this.engineId = options.engineId;
    this.url = options.url;
  }

  static override isInstance(error: unknown): error is EngineResponseError {
    return hasMarker(error, responseMarker);
  }
}
