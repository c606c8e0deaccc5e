import { z } from 'zod';
import { agentConfigSchema } from './agent-config.js';
import { checkAgent } from './check-agent.js';
import { engineConfigSchema } from './engine-config.js';
import { listOrNone } from './list-or-none.js';

const entryName = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'names are letters, digits, ".", "_" and "-"');

/** The whole of `jarvis.config.json`. */
export const jarvisConfigSchema = z
  .strictObject({
    /** Editors use it to find a JSON schema; ignored here. */
    $schema: z.string().optional(),
    engines: z.record(entryName, engineConfigSchema).default({}),
    agents: z.record(entryName, agentConfigSchema).default({}),
    /** The agent `jarvis run --config` uses. @default the first agent */
    defaultAgent: z.string().min(1).optional(),
  })
  .superRefine((config, ctx) => {
    const engineNames = Object.keys(config.engines);
    for (const [name, agent] of Object.entries(config.agents)) {
      for (const issue of checkAgent(agent, engineNames)) {
        ctx.addIssue({
          code: 'custom',
          message: issue.message,
          path: ['agents', name, ...issue.path],
        });
      }
    }
    if (config.defaultAgent !== undefined && !(config.defaultAgent in config.agents)) {
      ctx.addIssue({
        code: 'custom',
        message: `no agent named "${config.defaultAgent}"; defined: ${listOrNone(Object.keys(config.agents))}`,
        path: ['defaultAgent'],
      });
    }
  });

/** A validated config. */
export type JarvisConfig = z.output<typeof jarvisConfigSchema>;
/** A config as written, before defaults are filled in. */
export type JarvisConfigInput = z.input<typeof jarvisConfigSchema>;
