import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactSecrets } from '@openjarvis/core';
import { createRedactor } from '@openjarvis/recorder';
import { newAccessToken, tokenMatches } from './access-token.js';
import { type Asset, loadAssets } from './assets.js';
import { EventLog, type LoggedEvent } from './event-log.js';
import { allowedHostHeaders, isLoopbackHost } from './loopback.js';
import { SseClient } from './sse-client.js';
import { UiServerError } from './ui-server-error.js';
import type { UiServer, UiServerOptions } from './ui-server-options.js';

const defaultMaxEvents = 100_000;
const defaultMaxClientBacklogBytes = 8 * 1024 * 1024;
const pingIntervalMs = 15_000;

// The page loads nothing from anywhere else, runs no inline script and is
// never framed; model text that slipped into markup could not run.
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

/**
 * Serves a page that shows the source's runs as they happen, on loopback,
 * behind a random access token carried in the URL (and, once the page has
 * loaded, in a cookie for its scripts). Every event passes through the
 * recorder's redactor before it is stored or sent.
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new UiServerError(
      'not_loopback',
      `the UI server binds to loopback only (127.0.0.1, ::1 or localhost), got "${host}"`,
    );
  }
  const assets = await loadAssets();
  const token = newAccessToken();
  const log = new EventLog(options.maxEvents ?? defaultMaxEvents);
  const maxBacklog = options.maxClientBacklogBytes ?? defaultMaxClientBacklogBytes;
  const redact = createRedactor(options.redaction);
  const clients = new Set<SseClient>();
  let sourceState: { state: 'live' | 'ended' | 'failed'; message?: string } = { state: 'live' };

  // Events are converted when published (later mutation changes nothing) but
  // written to the pages once per tick, off the publisher's path and in one
  // write for a burst of text deltas.
  let unsent: LoggedEvent[] = [];
  const flush = () => {
    const batch = unsent;
    unsent = [];
    for (const client of clients) client.sendEvents(batch);
  };
  const accept = (event: unknown) => {
    unsent.push(log.append(JSON.stringify(redact(event) ?? null)));
    if (unsent.length === 1) setImmediate(flush);
  };
  const announce = () => {
    for (const client of clients) client.sendNotice('source', sourceState);
  };
  for (const event of options.source.history ?? []) accept(event);
  const subscription = options.source.events$.subscribe({
    next: accept,
    // Pending events go out first: a page stops listening once told the source ended.
    complete: () => {
      flush();
      sourceState = { state: 'ended' };
      announce();
    },
    error: (error: unknown) => {
      flush();
      sourceState = {
        state: 'failed',
        message: redactSecrets(error instanceof Error ? error.message : String(error)),
      };
      announce();
    },
  });

  let cookieName = 'jarvis_ui';
  let hostHeaders: ReadonlySet<string> = new Set();
  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    const refusal = refuse(request, token, cookieName, hostHeaders);
    if (refusal !== undefined) {
      response.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`${refusal.message}\n`);
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/events' && request.method === 'GET') {
      const client = new SseClient(response, maxBacklog);
      clients.add(client);
      request.on('close', () => clients.delete(client));
      client.sendNotice('hello', { dropped: log.dropped });
      client.sendEvents(log.since(lastEventId(request)));
      client.sendNotice('caught-up', {});
      if (sourceState.state !== 'live') client.sendNotice('source', sourceState);
      return;
    }
    const asset = assets.get(path);
    if (asset === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    serveAsset(response, asset, path === '/' ? `${cookieName}=${token}` : undefined);
  });
  const pinger = setInterval(() => {
    for (const client of clients) client.ping();
  }, pingIntervalMs);
  pinger.unref();

  const port = await listen(server, options.port ?? 0, host).catch((error: unknown) => {
    clearInterval(pinger);
    subscription.unsubscribe();
    throw error;
  });
  // Cookies are shared by every port of a host: one name per server.
  cookieName = `jarvis_ui_${port}`;
  hostHeaders = allowedHostHeaders(host, port);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(pinger);
        subscription.unsubscribe();
        for (const client of clients) client.end();
        clients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function refuse(
  request: IncomingMessage,
  token: string,
  cookieName: string,
  hostHeaders: ReadonlySet<string>,
): { status: number; message: string } | undefined {
  if (!hostHeaders.has(request.headers.host ?? '')) {
    return { status: 403, message: 'forbidden: unexpected Host header' };
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return { status: 405, message: 'method not allowed' };
  }
  const query = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  const presented = query ?? cookie(request, cookieName);
  if (presented === undefined) return { status: 401, message: 'unauthorized: no access token' };
  if (!tokenMatches(token, presented)) {
    return { status: 403, message: 'forbidden: wrong access token' };
  }
  return undefined;
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function lastEventId(request: IncomingMessage): number {
  const header = request.headers['last-event-id'];
  const id = Number(Array.isArray(header) ? header[0] : header);
  return Number.isInteger(id) && id > 0 ? id : 0;
}

function serveAsset(response: ServerResponse, asset: Asset, setCookie: string | undefined): void {
  response.writeHead(200, {
    'content-type': asset.contentType,
    'content-length': asset.body.length,
    ...(setCookie === undefined
      ? {}
      : { 'set-cookie': `${setCookie}; HttpOnly; SameSite=Strict; Path=/` }),
  });
  response.end(asset.body);
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string) {
  return new Promise<number>((resolve, reject) => {
    const onError = (error: Error) =>
      reject(
        new UiServerError('listen_failed', `cannot listen on ${host}:${port}: ${error.message}`, {
          cause: error,
        }),
      );
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
