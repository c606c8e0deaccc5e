import type { AgentRegistry, EngineRegistry } from '@openjarvis/core';
import { z } from 'zod';
import { agentConfigSchema } from './agent-config.js';
import { checkAgent } from './check-agent.js';
import { checkEngine } from './check-engine.js';
import { engineConfigSchema } from './engine-config.js';
import { listOrNone } from './list-or-none.js';

const entryName = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'names are letters, digits, ".", "_" and "-"');

const configShape = z.strictObject({
  /** Editors use it to find a JSON schema; ignored here. */
  $schema: z.string().optional(),
  engines: z.record(entryName, engineConfigSchema).default({}),
  agents: z.record(entryName, agentConfigSchema).default({}),
  /** The agent `jarvis run --config` uses. @default the first agent */
  defaultAgent: z.string().min(1).optional(),
});

/** The registries whose types' schemas check the entries' options. */
export interface ConfigRegistries {
  agentRegistry?: AgentRegistry | undefined;
  engineRegistry?: EngineRegistry | undefined;
}

/**
 * The whole of `jarvis.config.json`, with the checks that span entries
 * (engine references, `defaultAgent`) and, for each entry whose type the
 * given registries have, its options by the type's own schema.
 */
export function jarvisConfigSchemaFor(registries: ConfigRegistries) {
  return configShape.superRefine((config, ctx) => {
    const at = (prefix: PropertyKey[]) => (issue: { path: PropertyKey[]; message: string }) =>
      ctx.addIssue({ code: 'custom', message: issue.message, path: [...prefix, ...issue.path] });
    for (const [name, engine] of Object.entries(config.engines)) {
      checkEngine(engine, registries.engineRegistry).forEach(at(['engines', name]));
    }
    const engineNames = Object.keys(config.engines);
    for (const [name, agent] of Object.entries(config.agents)) {
      checkAgent(agent, engineNames, registries.agentRegistry).forEach(at(['agents', name]));
    }
    if (config.defaultAgent !== undefined && !(config.defaultAgent in config.agents)) {
      ctx.addIssue({
        code: 'custom',
        message: `no agent named "${config.defaultAgent}"; defined: ${listOrNone(Object.keys(config.agents))}`,
        path: ['defaultAgent'],
      });
    }
  });
}

/**
 * The shape of `jarvis.config.json` and the references between its entries.
 * `parseConfig` also checks each entry's options against its registered type.
 */
export const jarvisConfigSchema = jarvisConfigSchemaFor({});

/** A validated config. */
export type JarvisConfig = z.output<typeof jarvisConfigSchema>;
/** A config as written, before defaults are filled in. */
export type JarvisConfigInput = z.input<typeof jarvisConfigSchema>;
