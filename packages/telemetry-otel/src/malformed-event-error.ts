import { hasMarker, JarvisError } from '@openjarvis/core';

const marker = Symbol.for('openjarvis.error.MalformedEventError');

/** An event that lacks what is needed to place it in a trace. */
export class MalformedEventError extends JarvisError {
  readonly [marker] = true;
  readonly eventType: string;

  constructor(eventType: string, problem: string) {
    super(`${eventType}: ${problem}`);
    this.name = 'MalformedEventError';
    this.eventType = eventType;
  }

  static override isInstance(error: unknown): error is MalformedEventError {
    return hasMarker(error, marker);
  }
}
