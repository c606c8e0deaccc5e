import { createServer } from 'node:net';

/**
 * A TCP port that was free on `host` a moment ago. Another process can still take it before
 * the caller binds it, so callers retry on a bind conflict.
 */
export function findFreePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolvePort(address.port);
        else reject(new Error(`could not determine a free port on ${host}`));
      });
    });
  });
}

/** Whether nothing listens on `host:port` right now (an exclusive bind succeeds). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolveFree(false));
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolveFree(true));
    });
  });
}
