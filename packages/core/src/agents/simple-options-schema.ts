import { kindOfValue } from '../errors/kind-of-value.js';
import type { OptionsIssue, OptionsSchema } from '../registry/options-schema.js';

/** The options a config may give a `simple` agent (the rest of `SimpleAgentOptions` is code-only). */
export interface SimpleAgentConfigOptions {
  /** The system message of every call. @default none */
  systemPrompt?: string;
  /** Sampling temperature, 0 to 2. @default 0.7 */
  temperature?: number;
  /** Most tokens to generate per call, a positive integer. @default 1024 */
  maxTokens?: number;
}

type FieldCheck = (value: unknown) => string | undefined;

const fields: { readonly [K in keyof SimpleAgentConfigOptions]-?: FieldCheck } = {
  systemPrompt: (value) => (typeof value === 'string' ? undefined : expected('a string', value)),
  temperature: (value) => {
    if (typeof value !== 'number') return expected('a number', value);
    return value >= 0 && value <= 2 ? undefined : 'must be between 0 and 2';
  },
  maxTokens: (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) return expected('an integer', value);
    return value > 0 ? undefined : 'must be positive';
  },
};

/**
 * Checks a `simple` agent's options. Written by hand rather than with a
 * validation library, so that core depends on none; the messages read like
 * the config loader's: unknown fields are errors, and values are never quoted.
 */
export const simpleOptionsSchema: OptionsSchema<SimpleAgentConfigOptions> = {
  safeParse(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return failure([{ path: [], message: expected('an object', value) }]);
    }
    const issues: OptionsIssue[] = [];
    const data: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const check = Object.hasOwn(fields, key) ? fields[key as keyof typeof fields] : undefined;
      if (check === undefined) issues.push({ path: [key], message: 'unknown field' });
      else if (field !== undefined) {
        const problem = check(field);
        if (problem === undefined) data[key] = field;
        else issues.push({ path: [key], message: problem });
      }
    }
    // Every key of `data` passed its field's check above.
    return issues.length === 0
      ? { success: true, data: data as SimpleAgentConfigOptions }
      : failure(issues);
  },
};

function failure(issues: readonly OptionsIssue[]) {
  return { success: false, error: { issues } } as const;
}

function expected(what: string, value: unknown): string {
  return `expected ${what}, got ${kindOfValue(value)}`;
}
