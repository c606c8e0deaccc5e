import { get as httpGet } from 'node:http';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { EventBus } from '@openjarvis/core';
import { startNatsServer, type TestNatsServer } from '@openjarvis/testing';
import { type BusBridge, bridgeBusToNats } from '@openjarvis/transport-nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './test-support/processes.js';
import { startCli } from './test-support/run-cli.js';

// `jarvis ui --nats`: the page's source is a fleet. A worker-side bus is
// bridged to a real nats-server; the built CLI serves what the stream holds
// and what arrives while the page is open.

let nats: TestNatsServer;
let nc: NatsConnection;
let workerBus: EventBus;
let bridge: BusBridge;

beforeAll(async () => {
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url, token: nats.token });
  workerBus = new EventBus();
  bridge = await bridgeBusToNats(workerBus, nc, { source: 'test-worker' });
}, 60_000);
afterAll(async () => {
  await bridge?.close();
  await nc?.close();
  await nats?.dispose();
});

/** Reads an SSE stream until `done` holds for what arrived; `seen` is told of each chunk. */
function readUntil(url: string, done: (body: string) => boolean, seen: (body: string) => void) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpGet(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
        seen(body);
        if (done(body)) {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, body });
        }
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

const urlIn = (text: string) => /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(text)?.[1];

describe('jarvis ui --nats', () => {
  it("shows a fleet's runs: those already in its stream, then new ones live", async () => {
    const identity = { agent: 'opencode', runId: 'fleet-run-1' };
    workerBus.publish('agent_turn_start', { ...identity, input: 'task before the page' });
    workerBus.publish('tool_call_start', {
      ...identity,
      tool: 'bash',
      callId: 'c1',
      input: { command: 'ls' },
    });
    await bridge.flush();

    const cli = startCli(['ui', '--nats', nats.url], { env: { JARVIS_NATS_TOKEN: nats.token } });
    try {
      await until(() => urlIn(cli.stdout()) !== undefined);
      expect(cli.stdout()).toContain(`the fleet at ${nats.url}`);
      const events = new URL(urlIn(cli.stdout()) ?? '');
      events.pathname = '/events';

      let published = false;
      const { status, body } = await readUntil(
        events.toString(),
        (received) => received.includes('task after the page'),
        (received) => {
          // Published only once the page has the stream's past: it must arrive live.
          if (published || !received.includes('task before the page')) return;
          published = true;
          workerBus.publish('agent_turn_start', {
            agent: 'opencode',
            runId: 'fleet-run-2',
            input: 'task after the page',
          });
          void bridge.flush();
        },
      );
      expect(published).toBe(true);
      expect(status).toBe(200);
      expect(body).toContain('task before the page');
      expect(body).toContain('"tool":"bash"');
      expect(body).toContain('task after the page');
    } finally {
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
    }
  }, 90_000);

  it('refuses to start without the fleet token, and says why', async () => {
    const cli = startCli(['ui', '--nats', nats.url], { env: { JARVIS_NATS_TOKEN: '' } });
    const code = await cli.exited;
    expect(code).not.toBe(0);
    expect(urlIn(cli.stdout())).toBeUndefined();
    expect(cli.stderr()).toMatch(/authori[sz]ation/i);
  }, 60_000);
});
