import { EngineInputError } from '@openjarvis/core';

/**
 * Turns a user-supplied engine URL into the stored host: scheme added when
 * missing (`http://`), trailing slashes and exactly one trailing `/v1` removed,
 * other path prefixes (proxies, gateways) kept.
 *
 * Throws `EngineInputError` for anything that is not an http(s) URL, and for
 * URLs with credentials, query or fragment (credentials belong in `apiKey`, and
 * a URL is printed in error messages).
 */
export function normalizeHost(input: unknown, field = 'host'): string {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new EngineInputError({ field, message: `${field} must be a non-empty URL string` });
  }
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  return canonicalHost(parseHttpUrl(withScheme, field));
}

/** Parses an absolute http(s) URL, or throws `EngineInputError` without echoing secrets. */
export function parseHttpUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const shown = value.includes('@') ? '(value hidden: it contains "@")' : `"${value}"`;
    throw new EngineInputError({ field, message: `${field} is not a valid URL: ${shown}` });
  }
  if (url.username !== '' || url.password !== '') {
    throw new EngineInputError({
      field,
      message: `${field} must not contain credentials; pass the key as apiKey instead`,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EngineInputError({
      field,
      message: `${field} must use http or https, not ${url.protocol.replace(/:$/, '')}`,
    });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new EngineInputError({
      field,
      message: `${field} must not contain a query string or fragment`,
    });
  }
  return url;
}

/** `origin + path`, trailing slashes and one trailing `/v1` removed. */
export function canonicalHost(url: URL): string {
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '').replace(/\/+$/, '');
  return `${url.origin}${path}`;
}
