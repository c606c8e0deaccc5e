import { z } from 'zod';

/**
 * One named agent: its type names an `AgentRegistry` entry (`opencode`,
 * `simple`, or one a package registered); `engine` names an entry of
 * `engines`.
 */
export const agentConfigSchema = z.strictObject({
  type: z.string().min(1),
  /** The name of an engine in `engines`. `opencode` agents may go without, given a `provider/model` id. */
  engine: z.string().min(1).optional(),
  /** The model id the engine serves (opencode without an engine: `provider/model`). */
  model: z.string().min(1),
  /** Options of the agent type, checked for the built-in types and handed to its factory. */
  options: z.record(z.string(), z.unknown()).optional(),
});

export type AgentConfig = z.infer<typeof agentConfigSchema>;
