import type { AgentRegistry, EngineRegistry } from '@openjarvis/core';
import { formatFieldPath } from '@openjarvis/core';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { listOrNone } from './schema/list-or-none.js';

/** The parts of a config `checkConfigTypes` looks at. */
export interface TypedEntries {
  engines?: Readonly<Record<string, { type: string; apiKeyEnv?: string | undefined }>>;
  agents?: Readonly<Record<string, { type: string }>>;
}

/**
 * Checks what only the running process can know: that every type is
 * registered and every `apiKeyEnv` variable is set. Throws one `ConfigError`
 * naming each bad field.
 */
export function checkConfigTypes(
  config: TypedEntries,
  registries: {
    agentRegistry: AgentRegistry;
    engineRegistry: EngineRegistry;
    env: Readonly<Record<string, string | undefined>>;
  },
): void {
  const issues: ConfigIssue[] = [];
  for (const [name, engine] of Object.entries(config.engines ?? {})) {
    if (!registries.engineRegistry.has(engine.type)) {
      issues.push({
        path: formatFieldPath(['engines', name, 'type']),
        message: `unknown engine type "${engine.type}"; registered: ${listOrNone(registries.engineRegistry.keys())}`,
      });
    }
    const variable = engine.apiKeyEnv;
    if (variable !== undefined && (registries.env[variable] ?? '') === '') {
      issues.push({
        path: formatFieldPath(['engines', name, 'apiKeyEnv']),
        message: `environment variable ${variable} is not set`,
      });
    }
  }
  for (const [name, agent] of Object.entries(config.agents ?? {})) {
    if (!registries.agentRegistry.has(agent.type)) {
      issues.push({
        path: formatFieldPath(['agents', name, 'type']),
        message: `unknown agent type "${agent.type}"; registered: ${listOrNone(registries.agentRegistry.keys())}`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError({ issues });
}
