// Benchmarks of the fleet against a real nats-server and real opencode with a
// scripted model. Each figure is set against a baseline measured in the same
// run, since the machine is shared and noisy.
//   F1  event latency, publisher → subscriber: through JetStream to a RemoteBus vs the in-process bus (p50/p99)
//   F2  task throughput with 1, 2 and 3 worker processes vs one in-process agent doing the same tasks
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { formatSpread, median, quantile, rotation, spread } from '@openjarvis/bench-stats';
import { EventBus, exactClock } from '@openjarvis/core';
import {
  markerScript,
  reply,
  startNatsServer,
  startScriptedModelServer,
  turnScript,
} from '@openjarvis/testing';
import { bridgeBusToNats, FleetClient, RemoteBus } from '../dist/index.js';

const ms = (value) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;
const sleep = (t) => new Promise((resolve) => setTimeout(resolve, t));

const nats = await startNatsServer();
const nc = await connect({ servers: nats.url, token: nats.token });
const watcherNc = await connect({ servers: nats.url, token: nats.token });

// F1: the same paced events, timed from publish to delivery, on the bus itself
// or through a bridge, the server and a remote bus on another connection.
async function latencyRound(remote, round) {
  const runId = `lat-${remote ? 'nats' : 'local'}-${round}`;
  const bus = new EventBus({ clock: exactClock });
  const bridge = remote ? await bridgeBusToNats(bus, nc, { source: 'bench' }) : undefined;
  const target = remote ? await RemoteBus.open(watcherNc, { runId, from: 'start' }) : bus;
  const sentAt = new Map();
  const latencies = [];
  target.subscribe('agent_text_delta', (event) => {
    const start = sentAt.get(event.data.partId);
    if (start !== undefined) latencies.push(performance.now() - start);
  });
  const count = 300;
  for (let i = 0; i < count; i++) {
    const partId = String(i);
    sentAt.set(partId, performance.now());
    bus.publish('agent_text_delta', { agent: 'bench', runId, delta: 'x', kind: 'text', partId });
    if (i % 10 === 9) await sleep(2);
  }
  const deadline = Date.now() + 30_000;
  while (latencies.length < count && Date.now() < deadline) await sleep(10);
  await bridge?.close();
  if (remote) await target.close();
  if (latencies.length < count)
    throw new Error(`only ${latencies.length} of ${count} events arrived`);
  return latencies;
}
const local = [];
const viaNats = [];
for (let round = 0; round < 3; round++) {
  local.push(...(await latencyRound(false, round)));
  viaNats.push(...(await latencyRound(true, round)));
}
console.log(
  `F1 event latency (900 events, 3 interleaved rounds): in-process p50 ${ms(quantile(local, 0.5))} p99 ${ms(quantile(local, 0.99))}; ` +
    `worker → NATS → remote bus p50 ${ms(quantile(viaNats, 0.5))} p99 ${ms(quantile(viaNats, 0.99))}`,
);

// F2: the same one-tool-call tasks, done by one in-process agent, then by 1, 2, 3 worker processes.
const script = markerScript({
  '[[task]]': turnScript([
    reply.toolCall('bash', { command: 'echo hi', description: 'Say hi' }),
    reply.text('It printed hi.', { delayMs: 200 }),
  ]),
});
const model = await startScriptedModelServer({ script, modelId: 'local-model' });
const workspace = mkdtempSync(join(tmpdir(), 'oj-fleet-bench-'));
const tasks = 12;

const agent = new OpenCodeAgent(undefined, 'local-model', {
  providerBaseUrl: model.baseUrl,
  workspace,
  serverPassword: 'bench-password',
});
await agent.run('warm up [[task]]');
async function inProcessBatch() {
  const begin = performance.now();
  for (let i = 0; i < tasks; i++) {
    const result = await agent.run(`task ${i} [[task]]`);
    if (result.metadata.error) throw new Error(`in-process run failed: ${result.content}`);
  }
  return performance.now() - begin;
}

const fleet = await FleetClient.connect(nc);
const workerScript = fileURLToPath(new URL('./fleet-worker.mjs', import.meta.url));
const workers = [];
let batch = 0;
async function runBatch(count) {
  batch += 1;
  const ids = Array.from({ length: count }, (_, i) => `bench-${batch}-${i}`);
  const begin = performance.now();
  for (const id of ids)
    await fleet.submit({ id, agent: 'build', input: `${id} [[task]]`, workspace });
  const outcomes = await Promise.all(ids.map((id) => fleet.result(id, { timeoutMs: 600_000 })));
  const failed = outcomes.filter((outcome) => outcome.status !== 'succeeded');
  if (failed.length > 0) throw new Error(`fleet task failed: ${failed[0].reason}`);
  return performance.now() - begin;
}
/** Exactly `size` worker processes, warmed (each one's opencode server started). */
async function workersOf(size) {
  while (workers.length > size) {
    const child = workers.pop();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  while (workers.length < size) {
    const child = spawn(process.execPath, [workerScript, nats.url, model.baseUrl], {
      env: { ...process.env, JARVIS_NATS_TOKEN: nats.token },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    workers.push(child);
  }
  // Enough tasks that each worker takes some and starts its server.
  await runBatch(size * 2);
}

// Rounds of the four arms, in a rotated order each round, so that no arm always
// runs first (or right after a worker start); each fleet arm's ratio is against
// the in-process baseline of its own round.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const ratios = { 1: [], 2: [], 3: [] };
const baselines = [];
const arms = ['in-process', 1, 2, 3];
for (let round = 0; round < rounds; round++) {
  const order = rotation(arms, round);
  const times = {};
  for (const arm of order) {
    if (arm === 'in-process') times[arm] = await inProcessBatch();
    else {
      await workersOf(arm);
      times[arm] = await runBatch(tasks);
    }
  }
  baselines.push(times['in-process']);
  for (const size of [1, 2, 3]) ratios[size].push(times['in-process'] / times[size]);
  console.log(
    `F2 round ${round + 1} (${order.join(', ')}): in-process ${(times['in-process'] / 1000).toFixed(2)} s; ` +
      [1, 2, 3].map((size) => `${size}w ${(times[size] / 1000).toFixed(2)} s`).join(', '),
  );
}
await agent.close();
console.log(
  `F2 ${tasks} one-tool tasks, ${rounds} interleaved rounds; in-process baseline median ${(median(baselines) / 1000).toFixed(2)} s`,
);
for (const size of [1, 2, 3]) {
  console.log(
    `F2 ${size} worker${size > 1 ? 's' : ' '} vs one in-process agent: ${formatSpread(spread(ratios[size]))} speed per round`,
  );
}
for (const child of workers) child.kill('SIGTERM');
await Promise.all(workers.map((child) => new Promise((resolve) => child.once('exit', resolve))));
await nc.close();
await watcherNc.close();
await model.close();
await nats.dispose();
rmSync(workspace, { recursive: true, force: true });
