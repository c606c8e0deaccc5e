import type { AgentRegistry } from '@openjarvis/core';
import type { AgentConfig } from './agent-config.js';
import { describeIssues, type FieldIssue } from './describe-issues.js';
import { listOrNone } from './list-or-none.js';
import { reportInput } from './report-input.js';

/**
 * The checks zod cannot express field by field: the engine reference and,
 * when a registry is given and has the agent's type, the options (by the
 * type's schema) and whether the type can go without an engine. A type the
 * registry lacks is left to `checkConfigTypes`, which names it.
 */
export function checkAgent(
  agent: AgentConfig,
  engineNames: readonly string[],
  registry: AgentRegistry | undefined,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const typed = registry?.has(agent.type) === true ? registry : undefined;
  const options = agent.options ?? {};
  if (typed !== undefined) {
    issues.push(
      ...describeIssues(typed.checkOptions(agent.type, options, reportInput), ['options']),
    );
  }
  if (agent.engine !== undefined && !engineNames.includes(agent.engine)) {
    issues.push({
      path: ['engine'],
      message: `no engine named "${agent.engine}"; defined: ${listOrNone(engineNames)}`,
    });
  }
  if (agent.engine === undefined) {
    const missing = typed?.engineRequirement(agent.type, { model: agent.model, options });
    if (missing !== undefined) issues.push({ path: ['engine'], message: missing });
  }
  return issues;
}
