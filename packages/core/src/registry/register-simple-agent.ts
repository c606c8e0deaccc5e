import { SimpleAgent } from '../agents/simple-agent.js';
import {
  type SimpleAgentConfigOptions,
  simpleOptionsSchema,
} from '../agents/simple-options-schema.js';
import { type AgentRegistry, type AgentTypeDefinition, agentRegistry } from './agent-registry.js';

const simpleAgentType: AgentTypeDefinition<SimpleAgentConfigOptions> = {
  optionsSchema: simpleOptionsSchema,
  create: (options, { engine, model, bus }) =>
    new SimpleAgent(engine, model, { ...options, ...(bus === undefined ? {} : { bus }) }),
  engineRequirement: () => 'a simple agent needs an engine: name one from "engines"',
};

/**
 * Registers the `simple` agent type (options: `systemPrompt`, `temperature`,
 * `maxTokens`). Calling it again for the same registry does nothing; it
 * throws `RegistryError` if `simple` is taken by a different definition.
 *
 * Importing core registers nothing: the package is `sideEffects: false`, so a
 * bundler may drop a module whose exports go unused, and a registration made
 * at import time would silently vanish with it. Applications call this (and
 * each other package's `register…` function) once at start-up.
 */
export function registerSimpleAgent(registry: AgentRegistry = agentRegistry): AgentRegistry {
  return registry.register('simple', simpleAgentType);
}
