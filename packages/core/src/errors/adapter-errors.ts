import { hasMarker, JarvisError } from './jarvis-error.js';

const inputMarker = Symbol.for('openjarvis.error.EngineInputError');
const responseMarker = Symbol.for('openjarvis.error.EngineResponseError');
const framingMarker = Symbol.for('openjarvis.error.FramingError');

// What an engine adapter finds wrong on its own side of the wire: the engine's own
// answers (HTTP statuses, error events) are in engine-errors.ts.

/**
 * An adapter was given something it cannot use: a malformed host, a negative
 * timeout, a message without a role. Raised before any request is sent.
 */
export class EngineInputError extends JarvisError {
  readonly [inputMarker] = true;
  /**
   * The option or argument at fault, e.g. `host` or `messages[2].role`; a config
   * loader reports the error at this option.
   */
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

/**
 * A byte stream could not be split into events or lines (an SSE event or an
 * NDJSON line grew past its bound). Engine adapters turn it into
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
