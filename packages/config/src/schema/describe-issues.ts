import type { z } from 'zod';

/** A problem at a field, path relative to where the schema was applied. */
export interface FieldIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Turns zod's issues into one sentence per bad field. Values the user wrote
 * are never echoed, except for enum mismatches: a field may hold a secret.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }));
      case 'invalid_type':
        return [{ path, message: describeType(issue) }];
      case 'invalid_value':
        return [
          {
            path,
            message: `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}${enumInput(issue.input)}`,
          },
        ];
      case 'invalid_key':
        return [
          {
            path,
            message: `bad name: ${lowerFirst(issue.issues[0]?.message ?? issue.message)}`,
          },
        ];
      case 'invalid_union':
        return [{ path, message: 'does not match any of the accepted forms' }];
      default:
        return [{ path, message: lowerFirst(issue.message) }];
    }
  });
}

function describeType(issue: z.core.$ZodIssueInvalidType): string {
  const expected = expectedName(issue.expected);
  if (issue.input === undefined) return `required (${expected})`;
  return `expected ${expected}, got ${kindOf(issue.input)}`;
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'object':
    case 'array':
      return `an ${expected}`;
    case 'record':
    case 'map':
      return 'an object';
    default:
      return `a ${expected}`;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a fractional number';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

function enumInput(input: unknown): string {
  return typeof input === 'string' && input.length <= 40 ? `, got ${JSON.stringify(input)}` : '';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
