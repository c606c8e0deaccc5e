import type { RedactionOptions } from './redaction-options.js';
import { REDACTED, secretKeyMatcher } from './secret-keys.js';

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

const CIRCULAR = '[Circular]';
const TRUNCATED = '[Truncated]';
const defaultMaxDepth = 64;

/**
 * Makes a value safe for `JSON.stringify` and free of secrets:
 *
 * - values under secret keys (see `DEFAULT_SECRET_KEYS`) become `"[REDACTED]"`;
 * - Errors become `{name, message}`;
 * - BigInts become decimal strings, Maps objects, Sets arrays;
 * - a reference back to an enclosing object becomes `"[Circular]"` (an object
 *   that merely appears twice is written twice);
 * - `undefined`, functions and symbols are dropped, as JSON does.
 */
export function createRedactor(
  options: RedactionOptions = {},
): (value: unknown) => JsonValue | undefined {
  const isSecretKey = secretKeyMatcher(options.redactKeys ?? [], options.redactKeyPatterns ?? []);
  const valuePatterns = (options.redactValuePatterns ?? []).map(
    (pattern) =>
      new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
  );
  const maxDepth = options.maxDepth ?? defaultMaxDepth;
  const ancestors: object[] = [];

  const secrets = options.secrets;
  const redactString = (text: string): string => {
    let result = secrets === undefined ? text : secrets.redactText(text);
    for (const pattern of valuePatterns) result = result.replace(pattern, REDACTED);
    return result;
  };

  const convertEntries = (entries: Iterable<[string, unknown]>, depth: number): JsonValue => {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of entries) {
      if (isSecretKey(key)) {
        if (item !== undefined) out[key] = REDACTED;
        continue;
      }
      const converted = convert(item, depth + 1);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  };

  const convert = (value: unknown, depth: number): JsonValue | undefined => {
    switch (typeof value) {
      case 'string':
        return redactString(value);
      case 'number':
        return Number.isFinite(value) ? value : null;
      case 'boolean':
        return value;
      case 'bigint':
        return value.toString();
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
    }
    if (value === null) return null;
    const object = value as object;
    if (ancestors.includes(object)) return CIRCULAR;
    if (depth > maxDepth) return TRUNCATED;
    ancestors.push(object);
    try {
      if (object instanceof Error) {
        return { name: redactString(object.name), message: redactString(object.message) };
      }
      if (Array.isArray(object)) {
        return object.map((item) => convert(item, depth + 1) ?? null);
      }
      if (object instanceof Map) {
        return convertEntries(
          [...object].map(([key, item]): [string, unknown] => [String(key), item]),
          depth,
        );
      }
      if (object instanceof Set) {
        return [...object].map((item) => convert(item, depth + 1) ?? null);
      }
      const toJSON = (object as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        return convert(toJSON.call(object), depth);
      }
      return convertEntries(Object.entries(object), depth);
    } finally {
      ancestors.pop();
    }
  };

  return (value) => convert(value, 0);
}
