import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeEnginePort } from './probe-engine-port.js';

describe('probeEnginePort', () => {
  it('is undefined when something listens, and says why when nothing does', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
    expect(await probeEnginePort(url, 3_000)).toBeUndefined();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await probeEnginePort(url, 3_000)).toBe('connection refused');
  });

  it('rejects what is not a URL', async () => {
    expect(await probeEnginePort('not a url', 1_000)).toBe('not a url is not a URL');
  });
});
