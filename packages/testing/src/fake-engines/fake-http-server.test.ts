import { describe, expect, it } from 'vitest';
import { FakeHttpServer } from './fake-http-server.js';
import { sseReply } from './fake-reply.js';
import { collect } from './test-helpers.js';

const events = [{ n: 1 }, { n: 2 }, 'data: [DONE]\n\n'];
const fullBody = 'data: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n';

async function readChunks(url: string): Promise<Uint8Array[]> {
  const response = await fetch(url);
  if (response.body === null) return [];
  return collect(response.body as AsyncIterable<Uint8Array>);
}

describe('FakeHttpServer transport faults', () => {
  it('records requests and replies normally without a fault', async () => {
    const server = await FakeHttpServer.start(() => sseReply(events));
    try {
      const response = await fetch(`${server.url}/v1/x?y=1`, { method: 'POST', body: '{"a":1}' });
      expect(await response.text()).toBe(fullBody);
      expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v1/x', json: { a: 1 } });
    } finally {
      await server.close();
    }
  });

  it('byte-by-byte: the client receives the body in many small chunks', async () => {
    const server = await FakeHttpServer.start(() => sseReply(events));
    try {
      server.injectFault({ kind: 'byte-by-byte' });
      const chunks = await readChunks(server.url);
      expect(Buffer.concat(chunks).toString()).toBe(fullBody);
      expect(chunks.length).toBeGreaterThan(fullBody.length / 4);
    } finally {
      await server.close();
    }
  });

  it('cut: the body ends early with an error', async () => {
    const server = await FakeHttpServer.start(() => sseReply(events));
    try {
      server.injectFault({ kind: 'cut', afterBytes: 10 });
      await expect(readChunks(server.url)).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it('stall and redirect: headers then silence; a 3xx with its location', async () => {
    const server = await FakeHttpServer.start(() => sseReply(events));
    try {
      server.injectFault({ kind: 'redirect', status: 307, location: '/elsewhere' });
      const redirected = await fetch(server.url, { redirect: 'manual' });
      expect(redirected.status).toBe(307);
      expect(redirected.headers.get('location')).toBe('/elsewhere');
      server.injectFault({ kind: 'stall', afterBytes: 5 });
      const controller = new AbortController();
      const stalled = await fetch(server.url, { signal: controller.signal });
      const reader = stalled.body?.getReader();
      const first = await reader?.read();
      expect(first?.value?.byteLength).toBe(5);
      controller.abort();
      await server.waitForDisconnects(1);
      expect(server.disconnects).toBe(1);
    } finally {
      await server.close();
    }
  });
});
