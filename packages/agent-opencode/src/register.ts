import { type AgentRegistry, type AgentTypeDefinition, agentRegistry } from '@openjarvis/core';
import type { z } from 'zod';
import { OpenCodeAgent } from './open-code-agent.js';
import { type OpenCodeConfigOptions, openCodeOptionsSchema } from './options-schema.js';

const openCodeAgentType: AgentTypeDefinition<z.output<typeof openCodeOptionsSchema>> = {
  optionsSchema: openCodeOptionsSchema,
  create: (options, { engine, model, bus }) =>
    new OpenCodeAgent(engine, model, {
      // The schema's output differs from the agent's options only in marking absent fields `| undefined` (checked in options-schema.ts).
      ...(options as OpenCodeConfigOptions),
      ...(bus === undefined ? {} : { bus }),
    }),
  engineRequirement: ({ model, options }) =>
    model.includes('/') || options.providerBaseUrl !== undefined
      ? undefined
      : `an opencode agent without an engine needs a "provider/model" model id that opencode knows (e.g. "anthropic/claude-sonnet-4-5") or options.providerBaseUrl; "${model}" has no provider`,
};

/**
 * Registers the `opencode` agent type, so that configs can name it; its
 * options are checked with `openCodeOptionsSchema`. Calling it again for the
 * same registry does nothing; it throws `RegistryError` if `opencode` is taken
 * by a different definition. Importing the package registers nothing.
 */
export function registerOpenCodeAgent(registry: AgentRegistry = agentRegistry): AgentRegistry {
  return registry.register('opencode', openCodeAgentType);
}
