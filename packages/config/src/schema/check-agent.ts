import type { z } from 'zod';
import type { AgentConfig } from './agent-config.js';
import { describeIssues, type FieldIssue } from './describe-issues.js';
import { listOrNone } from './list-or-none.js';
import { opencodeOptionsSchema } from './opencode-options-schema.js';
import { simpleOptionsSchema } from './simple-options-schema.js';

const builtInOptionSchemas: Record<string, z.ZodType> = {
  opencode: opencodeOptionsSchema,
  simple: simpleOptionsSchema,
};

/**
 * The checks zod cannot express field by field: the options of the built-in
 * agent types, the engine reference, and which types may go without an engine.
 * Other agent types' options are their factory's to check.
 */
export function checkAgent(agent: AgentConfig, engineNames: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const optionsSchema = builtInOptionSchemas[agent.type];
  if (optionsSchema !== undefined) {
    const parsed = optionsSchema.safeParse(agent.options ?? {}, { reportInput: true });
    if (!parsed.success) issues.push(...describeIssues(parsed.error.issues, ['options']));
  }
  if (agent.engine !== undefined && !engineNames.includes(agent.engine)) {
    issues.push({
      path: ['engine'],
      message: `no engine named "${agent.engine}"; defined: ${listOrNone(engineNames)}`,
    });
  }
  if (agent.engine === undefined) {
    const missing = engineRequirement(agent);
    if (missing !== undefined) issues.push({ path: ['engine'], message: missing });
  }
  return issues;
}

function engineRequirement(agent: AgentConfig): string | undefined {
  if (agent.type === 'simple') return 'a simple agent needs an engine: name one from "engines"';
  if (agent.type !== 'opencode') return undefined;
  const baseUrl = agent.options?.providerBaseUrl;
  if (agent.model.includes('/') || typeof baseUrl === 'string') return undefined;
  return `an opencode agent without an engine needs a "provider/model" model id that opencode knows (e.g. "anthropic/claude-sonnet-4-5") or options.providerBaseUrl; "${agent.model}" has no provider`;
}
