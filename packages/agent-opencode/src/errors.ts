import { hasMarker, JarvisError } from '@openjarvis/core';

/** The machine-readable failure kinds of an `OpenCodeAgent` run (`metadata.errorKind`). */
export type OpencodeErrorKind =
  | 'opencode_not_found'
  | 'no_provider'
  | 'server_start_failed'
  | 'server_crashed'
  | 'protocol_error'
  | 'engine_unreachable'
  | 'engine_error'
  | 'engine_malformed_response'
  | 'unauthorized'
  | 'model_not_found'
  | 'context_length_exceeded'
  | 'output_length_exceeded'
  | 'provider_unavailable'
  | 'opencode_error'
  | 'timeout'
  | 'aborted'
  | 'session_not_found'
  | 'session_busy';

const marker = Symbol.for('openjarvis.error.OpencodeError');

/** A failure of the opencode server or of the conversation with it. */
export class OpencodeError extends JarvisError {
  readonly [marker] = true;
  readonly kind: OpencodeErrorKind;

  constructor(kind: OpencodeErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpencodeError';
    this.kind = kind;
  }

  static override isInstance(error: unknown): error is OpencodeError {
    return hasMarker(error, marker);
  }
}
