import { connect } from 'node:net';

/**
 * Opens (and closes) a TCP connection to the host and port of `baseUrl`: the
 * cheapest question that tells a stopped engine from a running one (on
 * loopback well under a millisecond, against ~100 ms for a warm run). Resolves
 * to why it failed, or undefined when something listens.
 */
export function probeEnginePort(baseUrl: string, timeoutMs: number): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return Promise.resolve(`${baseUrl} is not a URL`);
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(describe(error)));
  });
}

function describe(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    default:
      return error.code ?? error.message;
  }
}
