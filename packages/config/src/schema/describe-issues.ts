import { kindOfValue, type OptionsIssue } from '@openjarvis/core';
import type { z } from 'zod';

/** A problem at a field, path relative to where the schema was applied. */
export interface FieldIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Turns a schema's issues into one sentence per bad field. zod's issues
 * (every built-in schema's) are worded from their fields; any other schema's
 * keep their own message. Values the user wrote are never echoed, except for
 * enum mismatches: a field may hold a secret.
 */
export function describeIssues(
  issues: readonly OptionsIssue[],
  prefix: readonly PropertyKey[] = [],
): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const path = [...prefix, ...issue.path];
    if (!isZodIssue(issue)) return [{ path, message: issue.message }];
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
  return `expected ${expected}, got ${kindOfValue(issue.input)}`;
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

function enumInput(input: unknown): string {
  return typeof input === 'string' && input.length <= 40 ? `, got ${JSON.stringify(input)}` : '';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const zodCodes: ReadonlySet<string> = new Set<z.core.$ZodIssue['code']>([
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
  'custom',
]);

/**
 * Core declares options schemas by shape, so their issues arrive as plain
 * `{ path, message }`; those carrying one of zod's issue codes come from zod
 * and have the fields that code implies.
 */
function isZodIssue(issue: OptionsIssue): issue is OptionsIssue & z.core.$ZodIssue {
  return 'code' in issue && typeof issue.code === 'string' && zodCodes.has(issue.code);
}
