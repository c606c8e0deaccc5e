const maxDepth = 6;
const urlKeys = ['openaiBaseUrl', 'baseUrl'] as const;
const hostKeys = ['host'] as const;
const wrapperKeys = ['inner', 'engine', 'wrapped'] as const;

/**
 * Finds the OpenAI-compatible base URL (ending in `/v1`) of an engine, looking
 * through wrappers.
 *
 * At each level: an explicit `openaiBaseUrl` or `baseUrl` wins (trailing `/`
 * removed); else `host` plus `/v1` (unless it already ends in `/v1`); else the
 * first of `inner`, `engine`, `wrapped` is unwrapped. Each name is also accepted
 * with a leading `_`, for engines ported from elsewhere. At most 6 levels are
 * walked, and cycles stop the walk. Returns `''` when nothing is found.
 */
export function deriveOpenAIBaseUrl(engine: unknown): string {
  const seen = new Set<object>();
  let current: unknown = engine;
  for (let depth = 0; depth < maxDepth; depth++) {
    if (typeof current !== 'object' || current === null || seen.has(current)) return '';
    seen.add(current);
    const explicit = firstString(current, urlKeys);
    if (explicit !== undefined) return stripTrailingSlashes(explicit);
    const host = firstString(current, hostKeys);
    if (host !== undefined) {
      const base = stripTrailingSlashes(host);
      return base.endsWith('/v1') ? base : `${base}/v1`;
    }
    current = firstObject(current, wrapperKeys);
  }
  return '';
}

function firstString(target: object, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    for (const name of [key, `_${key}`]) {
      const value = (target as Record<string, unknown>)[name];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  }
  return undefined;
}

function firstObject(target: object, keys: readonly string[]): unknown {
  for (const key of keys) {
    for (const name of [key, `_${key}`]) {
      const value = (target as Record<string, unknown>)[name];
      if (typeof value === 'object' && value !== null) return value;
    }
  }
  return undefined;
}

function stripTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
