import type { RunOptions } from '@openjarvis/core';
import type { OpenCodeAgentName } from '../config/permission.js';

/** What one `OpenCodeAgent.run()` may choose besides the agent's own options. */
export interface OpenCodeRunOptions extends RunOptions {
  /**
   * Continue this opencode session: the model receives its earlier turns.
   * An id the server does not know ends the run with `session_not_found`.
   * @default a new session
   */
  sessionId?: string;
  /**
   * Another model of the same engine, for this run. It must be the agent's
   * model or one listed in the agent's `models` option (opencode only knows
   * the models written into its config at start).
   * @default the agent's model
   */
  model?: string;
  /**
   * The opencode agent for this run: `build`, `plan`, or a custom agent
   * defined in the agent's `agents` option or the project's opencode config.
   * @default the agent's `agent`
   */
  agent?: OpenCodeAgentName | (string & {});
  /**
   * Appended to opencode's system prompt for this run, instead of the agent's `systemPrompt`.
   * @default the agent's `systemPrompt`
   */
  systemPrompt?: string;
  /**
   * Bound on this run (server start included).
   * @default the agent's `timeoutMs`
   */
  timeoutMs?: number;
}
