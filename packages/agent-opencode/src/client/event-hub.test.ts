import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenCodeEvent } from '../protocol/events.js';
import { type MalformedEvent, OpenCodeEventHub } from './event-hub.js';

// The hub's own behaviour, against a local SSE server that sends what
// opencode's /global/event sends, plus the faults opencode was seen to produce.
let server: Server | undefined;
let hub: OpenCodeEventHub | undefined;
const open = new Set<ServerResponse>();

afterEach(async () => {
  hub?.close();
  for (const response of open) response.destroy();
  open.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function sseServer(
  onConnect: (response: ServerResponse, connection: number) => void,
): Promise<string> {
  let connections = 0;
  const created = createServer((request, response) => {
    if (request.headers.authorization !== 'Basic token') {
      response.writeHead(401).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    open.add(response);
    onConnect(response, connections++);
  });
  server = created;
  await new Promise<void>((resolve) => created.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(created.address() as AddressInfo).port}/global/event`;
}

/** Polls until `predicate` holds, failing after a bound. */
async function until(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A /global/event frame: the payload in its envelope, with the directory of its instance. */
const frame = (payload: unknown, directory?: string) =>
  `data: ${JSON.stringify(directory === undefined ? { payload } : { directory, project: 'global', payload })}\n\n`;
const connected = frame({ id: 'evt_1', type: 'server.connected', properties: {} });
const idle = (sessionID: string, directory = '/ws/a') =>
  frame({ id: 'evt_2', type: 'session.idle', properties: { sessionID } }, directory);

describe('OpenCodeEventHub', () => {
  it('resolves start() at server.connected and delivers validated events', async () => {
    const url = await sseServer((response) => response.write(connected + idle('ses_a')));
    hub = new OpenCodeEventHub({ url, authorization: 'Basic token' });
    const events: OpenCodeEvent[] = [];
    hub.events$.subscribe((event) => events.push(event));
    await hub.start();
    await until(() => events.length === 2);
    expect(events.map((e) => e.type)).toEqual(['server.connected', 'session.idle']);
  });

  it('reports malformed events and keeps going', async () => {
    const url = await sseServer((response) =>
      response.write(
        `${connected}data: {not json\n\n${frame({ type: 'session.idle', properties: {} })}${idle('ses_b')}`,
      ),
    );
    hub = new OpenCodeEventHub({ url, authorization: 'Basic token' });
    const malformed: MalformedEvent[] = [];
    const events: OpenCodeEvent[] = [];
    hub.malformed$.subscribe((bad) => malformed.push(bad));
    hub.events$.subscribe((event) => events.push(event));
    await hub.start();
    await until(() => events.at(-1)?.type === 'session.idle');
    expect(malformed.map((bad) => bad.reason)).toEqual([
      'event is not valid JSON',
      expect.stringMatching(/^malformed session\.idle event/),
    ]);
    expect(events.at(-1)?.type).toBe('session.idle');
  });

  it('survives events split across TCP chunks', async () => {
    const url = await sseServer((response) => {
      const text = connected + idle('ses_c');
      let i = 0;
      const timer = setInterval(() => {
        if (i >= text.length) {
          clearInterval(timer);
          return;
        }
        response.write(text.slice(i, i + 3));
        i += 3;
      }, 1);
    });
    hub = new OpenCodeEventHub({ url, authorization: 'Basic token' });
    const events: OpenCodeEvent[] = [];
    hub.events$.subscribe((event) => events.push(event));
    await hub.start();
    await until(() => events.length === 2);
    expect(events.map((e) => e.type)).toEqual(['server.connected', 'session.idle']);
  });

  it('reconnects after the stream drops and says so on reconnected$', async () => {
    const url = await sseServer((response, connection) => {
      response.write(connected);
      if (connection === 0) setTimeout(() => response.destroy(), 20);
    });
    hub = new OpenCodeEventHub({ url, authorization: 'Basic token' });
    let reconnects = 0;
    hub.reconnected$.subscribe(() => reconnects++);
    await hub.start();
    await until(() => reconnects === 1);
    await hub.ready();
  });

  it('reconnects when the stream goes silent (no heartbeat within idleTimeoutMs)', async () => {
    const url = await sseServer((response) => response.write(connected));
    hub = new OpenCodeEventHub({ url, authorization: 'Basic token', idleTimeoutMs: 100 });
    let reconnects = 0;
    hub.reconnected$.subscribe(() => reconnects++);
    await hub.start();
    await until(() => reconnects >= 2);
    expect(reconnects).toBeGreaterThanOrEqual(2);
  });

  it('delivers every directory on one stream and drops the sync twins of persisted changes', async () => {
    const sync = frame(
      {
        type: 'sync',
        id: 'evt_9',
        syncEvent: { id: 'evt_9', type: 'session.updated.1', seq: 1, aggregateID: 'ses_a' },
      },
      '/ws/a',
    );
    const url = await sseServer((response) =>
      response.write(connected + idle('ses_a', '/ws/a') + sync + idle('ses_b', '/ws/b')),
    );
    hub = new OpenCodeEventHub({ url, authorization: 'Basic token' });
    const events: OpenCodeEvent[] = [];
    hub.events$.subscribe((event) => events.push(event));
    await hub.start();
    await until(() => events.length === 3);
    expect(
      events.map((e) => (e.type === 'session.idle' ? e.properties.sessionID : e.type)),
    ).toEqual(['server.connected', 'ses_a', 'ses_b']);
  });

  it('start() fails within connectTimeoutMs when the server never says connected', async () => {
    const url = await sseServer(() => {});
    hub = new OpenCodeEventHub({ url, authorization: 'Basic token', connectTimeoutMs: 200 });
    await expect(hub.start()).rejects.toThrow(/did not connect within 200 ms/);
  });

  it('start() fails when the credentials are refused', async () => {
    const url = await sseServer(() => {});
    hub = new OpenCodeEventHub({ url, authorization: 'Basic wrong', connectTimeoutMs: 300 });
    await expect(hub.start()).rejects.toThrow(/did not connect/);
  });

  it('close() completes the streams and makes ready() reject', async () => {
    const url = await sseServer((response) => response.write(connected));
    hub = new OpenCodeEventHub({ url, authorization: 'Basic token' });
    let completed = false;
    hub.events$.subscribe({ complete: () => (completed = true) });
    await hub.start();
    hub.close();
    expect(completed).toBe(true);
    await expect(hub.ready()).rejects.toThrow(/closed/);
  });
});
