import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { RunMetadata } from '@openjarvis/core';
import { startNatsServer, type TestNatsServer } from '@openjarvis/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FleetStore, openFleetStore } from '../nats/fleet-store.js';
import { readOutcome, recordOutcome } from './outcome-store.js';
import type { TaskOutcome } from './task-outcome.js';

let nats: TestNatsServer;
let nc: NatsConnection;
let store: FleetStore;

beforeAll(async () => {
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url, token: nats.token });
  store = await openFleetStore(nc);
});

afterAll(async () => {
  await nc?.close();
  await nats?.dispose();
});

const outcome = (worker: string): TaskOutcome => ({
  taskId: 'once-1',
  status: 'succeeded',
  result: {
    content: `done by ${worker}`,
    toolResults: [],
    turns: 1,
    // A third-party agent's metadata, with a secret-named field.
    metadata: { apiKey: 'sk-secret' } as RunMetadata,
  },
  worker,
  deliveries: 1,
  finishedAt: 1,
});

it('keeps the first outcome of a task: a second worker cannot overwrite it (real nats-server)', async () => {
  const [first, second] = await Promise.all([
    recordOutcome(store.results, outcome('w1')),
    recordOutcome(store.results, outcome('w2')),
  ]);
  expect([first, second].filter(Boolean)).toHaveLength(1);
  const stored = await readOutcome(store.results, 'once-1');
  expect(stored?.worker).toBe(first ? 'w1' : 'w2');
  expect(await recordOutcome(store.results, outcome('w3'))).toBe(false);
  expect((await readOutcome(store.results, 'once-1'))?.worker).toBe(stored?.worker);
  // Secrets in a result's metadata do not reach the bucket.
  expect((stored?.result?.metadata as { apiKey?: string } | undefined)?.apiKey).toBe('[REDACTED]');
});

it('refuses a connection without the server token', async () => {
  await expect(connect({ servers: nats.url })).rejects.toThrow(/Authorization/i);
});
