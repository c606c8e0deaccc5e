import { type AgentErrorKind, hasMarker, JarvisError } from '@openjarvis/core';

// The failure kinds an `OpenCodeAgent` run adds to core's one `AgentErrorKind`
// union (its own are there already: engine_unreachable, timeout, aborted, …).
declare module '@openjarvis/core' {
  interface AgentErrorKinds {
    /** No opencode executable was found. */
    opencode_not_found: true;
    /** No opencode provider could be derived for the model. */
    no_provider: true;
    /** The workspace directory does not exist. */
    workspace_not_found: true;
    /** The model's chat template or server cannot call tools, which opencode needs. */
    tools_unsupported: true;
    /** `opencode serve` did not start or become ready. */
    server_start_failed: true;
    /** The opencode server died during the run. */
    server_crashed: true;
    /** opencode answered in a way this library does not understand. */
    protocol_error: true;
    /** The engine answered 200 with a body that is not a valid reply. */
    engine_malformed_response: true;
    /** The engine does not serve the model. */
    model_not_found: true;
    /** The reply hit the output token limit. */
    output_length_exceeded: true;
    /** opencode could not load the provider. */
    provider_unavailable: true;
    /** opencode reported an error nothing more specific describes. */
    opencode_error: true;
    /** The session to continue does not exist (on this server, or in its data directory). */
    session_not_found: true;
    /** The session to continue is running another turn. */
    session_busy: true;
  }
}

const marker = Symbol.for('openjarvis.error.OpenCodeError');

/** A failure of the opencode server or of the conversation with it. */
export class OpenCodeError extends JarvisError {
  readonly [marker] = true;
  readonly kind: AgentErrorKind;

  constructor(kind: AgentErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpenCodeError';
    this.kind = kind;
  }

  static override isInstance(error: unknown): error is OpenCodeError {
    return hasMarker(error, marker);
  }
}
