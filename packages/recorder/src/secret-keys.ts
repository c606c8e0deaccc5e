import { REDACTED } from '@openjarvis/core';

export { REDACTED };

/**
 * Key names whose values are secrets. A key matches when, lower-cased and
 * with `-` and `_` removed, it equals or ends with one of these, so
 * `serverPassword`, `x-api-key` and `accessToken` match while `inputTokens`
 * and `maxTokens` do not.
 */
export const DEFAULT_SECRET_KEYS: readonly string[] = [
  'apikey',
  'password',
  'passwd',
  'authorization',
  'token',
  'secret',
  'privatekey',
  'cookie',
  'credentials',
];

export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** Decides, per object key, whether its value is a secret. */
export function secretKeyMatcher(
  extraKeys: readonly string[],
  patterns: readonly RegExp[],
): (key: string) => boolean {
  const suffixes = DEFAULT_SECRET_KEYS;
  const exact = new Set(extraKeys.map(normaliseKey));
  const cache = new Map<string, boolean>();
  return (key) => {
    let secret = cache.get(key);
    if (secret === undefined) {
      const normalised = normaliseKey(key);
      secret =
        exact.has(normalised) ||
        suffixes.some((suffix) => normalised.endsWith(suffix)) ||
        patterns.some((pattern) => matches(pattern, key));
      // Payload keys come from a small vocabulary; the cap only guards against odd producers.
      if (cache.size < 4096) cache.set(key, secret);
    }
    return secret;
  };
}

function matches(pattern: RegExp, text: string): boolean {
  // A global or sticky pattern keeps state between calls; reset it.
  pattern.lastIndex = 0;
  return pattern.test(text);
}
