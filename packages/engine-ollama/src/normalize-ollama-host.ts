import { EngineInputError } from '@openjarvis/core';
import { canonicalHost, parseHttpUrl } from '@openjarvis/engine-kit';

export const ollamaDefaultPort = 11434;
export const ollamaDefaultHost = 'http://localhost:11434';

/**
 * Reads an Ollama bind address (`OLLAMA_HOST`) as a URL to connect to.
 *
 * Ollama accepts `0.0.0.0`, `host:port`, `:port` or a full URL there. The
 * scheme defaults to `http`, the port to 11434 (443 for `https`, as Ollama's
 * own client does), and the wildcard addresses `0.0.0.0` / `::` (or no host at
 * all) become loopback, since one cannot connect to a wildcard. A path prefix
 * is kept, and one trailing `/v1` removed.
 */
export function normalizeOllamaHost(input: string, field = 'OLLAMA_HOST'): string {
  let rest = input.trim();
  if (rest === '') throw new EngineInputError({ field, message: `${field} is empty` });
  let scheme = 'http';
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (schemeMatch !== null) {
    scheme = (schemeMatch[1] ?? '').toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw new EngineInputError({
      field,
      message: `${field} must use http or https, not ${scheme}`,
    });
  }
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  if (authority.includes('@')) {
    throw new EngineInputError({
      field,
      message: `${field} must not contain credentials; pass the key as apiKey instead`,
    });
  }
  const { hostname, port } = splitAuthority(authority, field);
  const host = loopbackFor(hostname);
  const portNumber = port === '' ? (scheme === 'https' ? 443 : ollamaDefaultPort) : Number(port);
  if (
    !/^\d*$/.test(port) ||
    !Number.isInteger(portNumber) ||
    portNumber < 1 ||
    portNumber > 65_535
  ) {
    throw new EngineInputError({ field, message: `${field} has an invalid port: "${port}"` });
  }
  return canonicalHost(parseHttpUrl(`${scheme}://${host}:${portNumber}${path}`, field));
}

function splitAuthority(authority: string, field: string): { hostname: string; port: string } {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end === -1) throw new EngineInputError({ field, message: `${field} has an unclosed "["` });
    const after = authority.slice(end + 1);
    if (after !== '' && !after.startsWith(':')) {
      throw new EngineInputError({ field, message: `${field} is not a valid address` });
    }
    return { hostname: authority.slice(0, end + 1), port: after.slice(1) };
  }
  const colon = authority.lastIndexOf(':');
  if (colon === -1) return { hostname: authority, port: '' };
  if (authority.indexOf(':') !== colon) {
    // A bare IPv6 address without brackets has no room for a port.
    return { hostname: `[${authority}]`, port: '' };
  }
  return { hostname: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

function loopbackFor(hostname: string): string {
  if (hostname === '' || hostname === '0.0.0.0') return '127.0.0.1';
  if (hostname === '[::]' || hostname === '[0:0:0:0:0:0:0:0]') return '[::1]';
  return hostname;
}
