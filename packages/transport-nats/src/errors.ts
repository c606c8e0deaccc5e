import { hasMarker, JarvisError } from '@openjarvis/core';

const fleetMarker = Symbol.for('openjarvis.error.FleetError');

/** What went wrong, machine-readably. */
export type FleetErrorKind =
  /** A task or option failed validation; nothing was sent. */
  | 'invalid_task'
  /** A message on a fleet subject was not what this package writes. */
  | 'malformed_message'
  /** The task names an agent the worker's config does not have. */
  | 'unknown_agent'
  /** The task's workspace could not be prepared (missing path, failed clone). */
  | 'workspace_unavailable'
  /** A bounded wait (for a result, a publish) ran out. */
  | 'timeout'
  /** The NATS server could not be reached or refused the request. */
  | 'nats_unavailable';

/** Every error of the fleet: a task, a worker, the bus transport. */
export class FleetError extends JarvisError {
  readonly [fleetMarker] = true;
  readonly kind: FleetErrorKind;

  constructor(kind: FleetErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FleetError';
    this.kind = kind;
  }

  static override isInstance(error: unknown): error is FleetError {
    return hasMarker(error, fleetMarker);
  }
}
