import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type TestNatsServer } from '@openjarvis/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FleetClient } from '../client/fleet-client.js';
import { deadLetterSubject, FleetSubjects } from '../events/subjects.js';
import { ensureWorkerConsumer } from '../nats/ensure-streams.js';
import { type FleetStore, openFleetStore } from '../nats/fleet-store.js';
import { until } from '../test-support/until.js';
import { FleetWorker } from './fleet-worker.js';

let nats: TestNatsServer;
let nc: NatsConnection;
let store: FleetStore;
let cacheDir: string;
const workers: FleetWorker[] = [];

beforeAll(async () => {
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url, token: nats.token });
  store = await openFleetStore(nc);
  cacheDir = mkdtempSync(join(tmpdir(), 'fleet-exhausted-'));
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.drain()));
  await nc?.close();
  await nats?.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
});

// Short enough for a quick test; the consumer allows one delivery more
// than `maxDeliveries` (see ensureWorkerConsumer).
const tuning = { ackWaitMs: 1_000, maxDeliveries: 2 };

it('dead-letters, once, a task whose every delivery was lost, and result() returns it (real nats-server)', async () => {
  await ensureWorkerConsumer(store.jsm, tuning);
  const client = await FleetClient.connect(nc);
  await client.submit({ id: 'lost-1', agent: 'build', input: 'Say hi', workspace: cacheDir });

  // A worker that dies with every delivery: takes the task, never heartbeats,
  // never acks, never records anything, until the server stops delivering it.
  const consumer = await store.js.consumers.get(
    FleetSubjects.taskStream,
    FleetSubjects.workerConsumer,
  );
  let taken = 0;
  while (taken < tuning.maxDeliveries + 1) {
    const message = await consumer.next({ expires: 5_000 });
    if (message !== null) taken = message.info.deliveryCount;
  }
  // Its pull after the last ack wait gets nothing, and makes the server publish
  // the max-deliveries advisory while no worker is there to hear it.
  expect(await consumer.next({ expires: 3_000 })).toBeNull();
  await until(
    async () => (await store.jsm.streams.info(FleetSubjects.lostStream)).state.messages === 1,
    10_000,
    'the advisory is kept',
  );

  // Two real workers join later: one takes the kept advisory and dead-letters the task.
  const logs: string[][] = [[], []];
  for (const lines of logs) {
    workers.push(
      await FleetWorker.start({
        nats: nc,
        cacheDir,
        ...tuning,
        // No task reaches an agent here: the model is never asked.
        config: {
          agents: {
            build: {
              type: 'opencode',
              model: 'local-model',
              options: { providerBaseUrl: 'http://127.0.0.1:9/v1' },
            },
          },
        },
        log: (line) => lines.push(line),
      }),
    );
  }

  const outcome = await client.result('lost-1', { timeoutMs: 30_000 });
  expect(outcome.status).toBe('dead');
  expect(outcome.reason).toBe(
    'delivered 3 times and never finished: every worker that took it died or lost it',
  );
  expect(outcome.deliveries).toBe(3);
  expect(workers.map((worker) => worker.id)).toContain(outcome.worker);

  // The advisory is acked once handled.
  await until(
    async () => (await store.jsm.streams.info(FleetSubjects.lostStream)).state.messages === 0,
    20_000,
    'the advisory is acked',
  );
  expect(logs.flat().filter((line) => line.startsWith('task lost-1: '))).toEqual([
    'task lost-1: 3 deliveries lost, dead-lettered',
  ]);
  // Exactly one write ever reached the results bucket, one dead letter the stream.
  const results = await store.jsm.streams.info(`KV_${FleetSubjects.resultsBucket}`);
  expect(results.state.last_seq).toBe(1);
  const dead = await store.jsm.streams.info(FleetSubjects.deadStream, {
    subjects_filter: '>',
  });
  expect(dead.state.messages).toBe(1);
  expect(Object.keys(dead.state.subjects ?? {})).toEqual([deadLetterSubject('lost-1')]);
  const letter = (
    await store.jsm.streams.getMessage(FleetSubjects.deadStream, {
      last_by_subj: deadLetterSubject('lost-1'),
    })
  )?.json<{ taskId: string; reason: string; task: { input: string } }>();
  expect(letter?.taskId).toBe('lost-1');
  expect(letter?.reason).toBe(outcome.reason);
  expect(letter?.task.input).toBe('Say hi');
  // And the work queue no longer holds it.
  expect((await store.jsm.streams.info(FleetSubjects.taskStream)).state.messages).toBe(0);
  expect(await client.result('lost-1', { timeoutMs: 1_000 })).toEqual(outcome);
});
