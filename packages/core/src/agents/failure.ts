/**
 * Every kind of run failure, as keys. Packages add their own kinds by
 * declaration merging, so that `AgentErrorKind` stays one union:
 *
 * ```ts
 * declare module '@openjarvis/core' {
 *   interface AgentErrorKinds { my_failure: true }
 * }
 * ```
 */
export interface AgentErrorKinds {
  /** The engine could not be reached (refused, DNS, bad port, …). */
  engine_unreachable: true;
  /** The engine answered with an error nothing more specific describes. */
  engine_error: true;
  /** The engine answered 503 while it loads the model (llama-server, Ollama). */
  engine_loading: true;
  /** No progress from the engine (or the agent driving it) for the stall bound. */
  engine_stalled: true;
  /** The conversation does not fit the model's context window. */
  context_length_exceeded: true;
  /** The engine refused the credentials. */
  unauthorized: true;
  /** The run did not finish within its time limit. */
  timeout: true;
  /** The caller aborted the run. */
  aborted: true;
  /** The agent has no engine to answer with. */
  no_engine: true;
  /** A pipeline step's agent threw instead of resolving with a result. */
  agent_threw: true;
  /** A pipeline step's input builder threw. */
  input_error: true;
  /** A pipeline stopped because one of its steps failed. */
  step_failed: true;
}

/** Machine-readable names for why a run failed. */
export type AgentErrorKind = Extract<keyof AgentErrorKinds, string>;

/**
 * What failed, in the one shape every result and event payload uses:
 * `result.metadata.error`, `agent_turn_end.error`, `workflow_node_end.error`,
 * `workflow_end.error`, `inference_end.error`, `tool_call_end.error`.
 */
export interface Failure<K extends string = AgentErrorKind> {
  kind: K;
  /** A sentence for people, with secrets redacted. */
  message: string;
}
