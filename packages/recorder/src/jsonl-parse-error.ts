import { hasMarker, JarvisError } from '@openjarvis/core';

const marker = Symbol.for('openjarvis.error.JsonlParseError');

/** A line of a JSONL recording that is not a recorded event. */
export class JsonlParseError extends JarvisError {
  readonly [marker] = true;
  /** The file read. */
  readonly path: string;
  /** The 1-based number of the bad line. */
  readonly line: number;
  /** What is wrong with it. */
  readonly reason: string;

  constructor(path: string, line: number, reason: string, options?: { cause?: unknown }) {
    super(`${path}:${line}: ${reason}`, options);
    this.name = 'JsonlParseError';
    this.path = path;
    this.line = line;
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is JsonlParseError {
    return hasMarker(error, marker);
  }
}
