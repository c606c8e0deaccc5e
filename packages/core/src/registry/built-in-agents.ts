import { SimpleAgent } from '../agents/simple-agent.js';
import type { AgentFactoryOptions, AgentRegistry } from './agent-registry.js';
import { agentRegistry } from './agent-registry.js';

/** Builds a `simple` agent from config: `systemPrompt`, `temperature`, `maxTokens` are read from `options`. */
function createSimpleAgent({ engine, model, bus, options }: AgentFactoryOptions): SimpleAgent {
  const { systemPrompt, temperature, maxTokens } = options;
  return new SimpleAgent(engine, model, {
    ...(bus === undefined ? {} : { bus }),
    ...(typeof systemPrompt === 'string' ? { systemPrompt } : {}),
    ...(typeof temperature === 'number' ? { temperature } : {}),
    ...(typeof maxTokens === 'number' ? { maxTokens } : {}),
  });
}

/**
 * Registers the `simple` agent type. Calling it again for the same registry
 * does nothing; it throws `RegistryError` only if `simple` is taken by a
 * different factory.
 */
export function registerSimpleAgent(registry: AgentRegistry = agentRegistry): AgentRegistry {
  if (registry.get('simple') !== createSimpleAgent) registry.register('simple', createSimpleAgent);
  return registry;
}

/**
 * Registers every agent type core ships (today: `simple`). Idempotent.
 *
 * Importing core registers nothing: the package is `sideEffects: false`, so a
 * bundler may drop a module whose exports go unused, and a registration made at
 * import time would silently vanish with it. Applications call this (or the
 * per-agent `register…` functions) once at start-up.
 */
export function registerBuiltInAgents(registry: AgentRegistry = agentRegistry): AgentRegistry {
  return registerSimpleAgent(registry);
}
