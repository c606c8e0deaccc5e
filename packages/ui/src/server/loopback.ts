import { isIP } from 'node:net';

/** Whether `host` names this machine only: `localhost`, `127.x.y.z` or `::1`. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * The `Host` headers a request to this server may carry. Anything else is a
 * page on another site reaching us through DNS rebinding, and is refused.
 */
export function allowedHostHeaders(host: string, port: number): ReadonlySet<string> {
  const names = new Set([
    'localhost',
    '127.0.0.1',
    '[::1]',
    host.includes(':') ? `[${host}]` : host,
  ]);
  return new Set([...names].map((name) => `${name}:${port}`));
}
