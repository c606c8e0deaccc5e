import { type AgentRegistry, agentRegistry } from '@openjarvis/core';
import { OpenCodeAgent } from './open-code-agent.js';
import type { OpenCodeAgentOptions } from './options.js';

/** Registers the `opencode` agent type (idempotent), so configs can name it. */
export function registerOpenCodeAgent(registry: AgentRegistry = agentRegistry): AgentRegistry {
  if (!registry.has('opencode')) {
    registry.register(
      'opencode',
      ({ engine, model, bus, options }) =>
        new OpenCodeAgent(engine, model, {
          ...(options as OpenCodeAgentOptions),
          ...(bus === undefined ? {} : { bus }),
        }),
    );
  }
  return registry;
}
