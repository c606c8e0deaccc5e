import { request as httpRequest } from 'node:http';
import { EventBus } from '@openjarvis/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startUiServer } from './start-ui-server.js';
import { UiServerError } from './ui-server-error.js';
import type { UiServer } from './ui-server-options.js';

// Real HTTP against a real server: the access rules and the event stream.
let server: UiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function withToken(url: string, path: string, token: string | undefined): string {
  const target = new URL(url);
  target.pathname = path;
  if (token === undefined) target.searchParams.delete('token');
  else target.searchParams.set('token', token);
  return target.toString();
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads an SSE stream until `until` holds for the text so far, then disconnects. */
function readSse(
  url: string,
  until: (text: string) => boolean,
  headers: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no matching SSE text within 10 s: ${text}`)),
      10_000,
    );
    let text = '';
    const req = httpRequest(url, { headers }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (until(text)) {
          clearTimeout(timer);
          req.destroy();
          resolve(text);
        }
      });
    });
    req.on('error', (error) => {
      if (!until(text)) reject(error);
    });
    req.end();
  });
}

function dataLines(text: string): Array<{ type: string; data: Record<string, unknown> }> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: {"type"'))
    .map((line) => JSON.parse(line.slice(6)));
}

const turnStart = (runId: string, input: string) => ({ agent: 'opencode', runId, input }) as const;

describe('startUiServer', () => {
  it('binds to loopback and prints a URL with a long random token', async () => {
    server = await startUiServer({ source: new EventBus() });
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')).toMatch(/^[\w-]{32}$/);
    const other = await startUiServer({ source: new EventBus() });
    expect(new URL(other.url).searchParams.get('token')).not.toBe(url.searchParams.get('token'));
    await other.close();
  });

  it('refuses a host that is not loopback with a typed error', async () => {
    const error = await startUiServer({ source: new EventBus(), host: '0.0.0.0' }).catch(
      (caught: unknown) => caught,
    );
    expect(UiServerError.isInstance(error)).toBe(true);
    expect((error as UiServerError).kind).toBe('not_loopback');
  });

  it('refuses requests without the token (401), with a wrong one (403) or a foreign Host (403)', async () => {
    server = await startUiServer({ source: new EventBus() });
    const token = new URL(server.url).searchParams.get('token') ?? '';
    for (const path of ['/', '/events', '/assets/main.js', '/assets/style.css']) {
      expect((await get(withToken(server.url, path, undefined))).status, path).toBe(401);
      const wrong = await get(withToken(server.url, path, `${token.slice(0, -1)}x`));
      expect(wrong.status, path).toBe(403);
      expect(wrong.body).not.toContain(token);
    }
    const rebound = await get(server.url, { host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    const page = await get(server.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<main id="runs">');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('lets the page load its scripts with the cookie the page set, not without', async () => {
    server = await startUiServer({ source: new EventBus() });
    const page = await get(server.url);
    const setCookie = String(page.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const cookie = setCookie.split(';')[0] ?? '';
    const script = withToken(server.url, '/assets/main.js', undefined);
    expect((await get(script, { cookie })).status).toBe(200);
    expect((await get(script, { cookie: `${cookie.split('=')[0]}=wrong` })).status).toBe(403);
  });

  it('streams the events so far to a late page, then live ones, redacted', async () => {
    const bus = new EventBus({ recordHistory: true });
    bus.publish('agent_turn_start', turnStart('r1', 'before the server'));
    server = await startUiServer({ source: bus });
    bus.publish('agent_turn_start', turnStart('r2', 'before the page'));
    const url = withToken(
      server.url,
      '/events',
      new URL(server.url).searchParams.get('token') ?? '',
    );
    const live = readSse(url, (text) => text.includes('after the page'));
    // The late page has been sent what happened so far once it sees caught-up.
    await readSse(url, (text) => text.includes('event: caught-up'));
    bus.publish('agent_status', {
      agent: 'opencode',
      runId: 'r2',
      status: 'retrying',
      message: 'after the page',
      // A secret in a payload never reaches the page.
      ...({ apiKey: 'sk-must-not-leak' } as object),
    });
    const text = await live;
    expect(text).not.toContain('sk-must-not-leak');
    const events = dataLines(text);
    expect(events.map((event) => event.data.runId)).toEqual(['r1', 'r2', 'r2']);
    expect(events[2]?.data.apiKey).toBe('[REDACTED]');
    expect(text.indexOf('event: caught-up')).toBeLessThan(text.indexOf('after the page'));
  });

  it('resumes after Last-Event-ID, so a reconnecting page gets only what it missed', async () => {
    const bus = new EventBus();
    server = await startUiServer({ source: bus });
    for (const runId of ['a', 'b', 'c']) bus.publish('agent_turn_start', turnStart(runId, runId));
    const url = withToken(
      server.url,
      '/events',
      new URL(server.url).searchParams.get('token') ?? '',
    );
    const text = await readSse(url, (so) => so.includes('event: caught-up'), {
      'last-event-id': '2',
    });
    expect(dataLines(text).map((event) => event.data.runId)).toEqual(['c']);
    expect(text).toContain('id: 3\n');
  });

  it('tells the page when the source ends', async () => {
    const { Subject } = await import('rxjs');
    const events = new Subject<{ type: string; timestamp: number; data: unknown }>();
    server = await startUiServer({ source: { events$: events } });
    events.complete();
    const url = withToken(
      server.url,
      '/events',
      new URL(server.url).searchParams.get('token') ?? '',
    );
    const text = await readSse(url, (so) => so.includes('event: source'));
    expect(text).toContain('data: {"state":"ended"}');
  });

  it('sends a connected page the last events before telling it the source ended', async () => {
    const { Subject } = await import('rxjs');
    const events = new Subject<{ type: string; timestamp: number; data: unknown }>();
    server = await startUiServer({ source: { events$: events } });
    const url = withToken(
      server.url,
      '/events',
      new URL(server.url).searchParams.get('token') ?? '',
    );
    let connected: () => void = () => {};
    const caughtUp = new Promise<void>((resolve) => {
      connected = resolve;
    });
    const text = readSse(url, (so) => {
      if (so.includes('event: caught-up')) connected();
      return so.includes('event: source');
    });
    await caughtUp;
    events.next({ type: 'agent_status', timestamp: 1, data: { runId: 'last' } });
    events.complete();
    const received = await text;
    expect(received.indexOf('"runId":"last"')).toBeGreaterThan(0);
    expect(received.indexOf('"runId":"last"')).toBeLessThan(received.indexOf('event: source'));
  });

  it('keeps at most maxEvents for late pages and says how many it dropped', async () => {
    const bus = new EventBus();
    server = await startUiServer({ source: bus, maxEvents: 5 });
    for (let i = 0; i < 40; i++) bus.publish('agent_turn_start', turnStart(`r${i}`, ''));
    const url = withToken(
      server.url,
      '/events',
      new URL(server.url).searchParams.get('token') ?? '',
    );
    const text = await readSse(url, (so) => so.includes('event: caught-up'));
    expect(dataLines(text).map((event) => event.data.runId)).toEqual([
      'r35',
      'r36',
      'r37',
      'r38',
      'r39',
    ]);
    expect(text).toContain('data: {"dropped":35}');
  });
});
