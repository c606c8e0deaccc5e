// Benchmarks of the shared opencode server, against baselines measured in the same run.
//   P6a  4 agents on 4 workspaces, one run each: total opencode RSS vs one agent's, shared vs
//        one server per agent; how soon agents 2..4 hold a server vs the first agent's spawn
//   P6b  warm() then a first run vs a warm run (and a first run without warm(), for scale)
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { formatSpread, spread } from '@openjarvis/bench-stats';
import { markerScript, reply, startScriptedModelServer, turnScript } from '@openjarvis/testing';
import { descendantsOf } from '../dist/server/process-tree.js';

const script = markerScript({
  '[[tool]]': turnScript([
    reply.toolCall('bash', { command: 'echo hi', description: 'Say hi' }),
    reply.text('It printed hi.'),
  ]),
});
const model = await startScriptedModelServer({ script, modelId: 'local-model' });
const password = 'bench-password';
const workspace = () => realpathSync(mkdtempSync(join(tmpdir(), 'oj-bench-')));
const newAgent = (options = {}) =>
  new OpenCodeAgent(undefined, 'local-model', {
    providerBaseUrl: model.baseUrl,
    serverPassword: password,
    diff: false,
    workspace: workspace(),
    ...options,
  });

const ms = (value) => `${value.toFixed(0)} ms`;
const mib = (value) => `${value.toFixed(0)} MiB`;
const times = (value) => `${value.toFixed(2)}×`;
const figure = (values, format = times) => formatSpread(spread(values), format);

function assertOk(result) {
  if (result.metadata.error) throw new Error(`run failed: ${result.content}`);
}

/** opencode processes this process started, and their resident memory in MiB. */
function opencodeRss() {
  let count = 0;
  let mib = 0;
  for (const pid of descendantsOf(process.pid)) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!/opencode$/.test(argv[0]) || argv[1] !== 'serve') continue;
      const kib = /^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      count++;
      mib += Number(kib) / 1024;
    } catch {}
  }
  return { count, mib };
}

/** Milliseconds from `start` until `agent` says it holds a server. */
function readyAfter(agent, start) {
  return new Promise((resolve) => {
    const subscription = agent.events$.subscribe((event) => {
      if (event.type === 'agent_status' && event.data.status === 'server_ready') {
        subscription.unsubscribe();
        resolve(performance.now() - start);
      }
    });
  });
}

/**
 * Four agents, one run each, started one after another; with `concurrent`
 * each run starts as soon as its agent holds a server (a fan-out), without,
 * each waits for the one before (a chain).
 */
async function fourAgents(shareServer, concurrent) {
  const agents = Array.from({ length: 4 }, () => newAgent({ shareServer }));
  const ready = [];
  const runs = [];
  for (const agent of agents) {
    const start = performance.now();
    const readyAt = readyAfter(agent, start);
    const run = agent.run('go [[tool]]');
    ready.push(await readyAt);
    if (concurrent) runs.push(run);
    else assertOk(await run);
  }
  (await Promise.all(runs)).forEach(assertOk);
  const rss = opencodeRss();
  await Promise.all(agents.map((agent) => agent.close()));
  return { ready, rss };
}

async function oneAgent() {
  const agent = newAgent();
  assertOk(await agent.run('go [[tool]]'));
  const rss = opencodeRss();
  await agent.close();
  return rss;
}

// P6a: rounds interleave the arms, alternating which goes first.
const rounds = 3;
const p6a = { one: [], fanOut: [], chain: [], apart: [] };
for (let round = 0; round < rounds; round++) {
  const arms = [
    async () => p6a.one.push(await oneAgent()),
    async () => p6a.fanOut.push(await fourAgents(true, true)),
    async () => p6a.chain.push(await fourAgents(true, false)),
    async () => p6a.apart.push(await fourAgents(false, true)),
  ];
  if (round % 2 === 1) arms.reverse();
  for (const arm of arms) await arm();
}
const perRound = (arm, value) => p6a[arm].map((result, i) => value(result, i));
const rssRatio = (arm) => perRound(arm, (result, i) => result.rss.mib / p6a.one[i].mib);
const joinRatio = perRound(
  'fanOut',
  (result) => Math.max(...result.ready.slice(1)) / result.ready[0],
);

// P6b: each trial a fresh agent with a server of its own.
const trials = 5;
const afterWarm = [];
const warmRuns = [];
const coldFirsts = [];
const warmCosts = [];
for (let i = 0; i < trials; i++) {
  const cold = newAgent({ shareServer: false });
  let t = performance.now();
  assertOk(await cold.run('cold [[tool]]'));
  coldFirsts.push(performance.now() - t);
  await cold.close();

  const agent = newAgent({ shareServer: false });
  t = performance.now();
  await agent.warm();
  warmCosts.push(performance.now() - t);
  t = performance.now();
  assertOk(await agent.run('first [[tool]]'));
  afterWarm.push(performance.now() - t);
  t = performance.now();
  assertOk(await agent.run('again [[tool]]'));
  warmRuns.push(performance.now() - t);
  await agent.close();
}
await model.close();

const ratios = afterWarm.map((value, i) => value / warmRuns[i]);
const coldRatios = coldFirsts.map((value, i) => value / warmRuns[i]);
console.log('Shared opencode server benchmark (real opencode, scripted model)');
console.log(
  `P6a total opencode RSS, 4 agents on 4 workspaces, one run each, vs one agent alone (${figure(
    p6a.one.map((r) => r.mib),
    mib,
  )}), arms interleaved (target ≤ 1.3×):`,
);
console.log(
  `   shared, runs one after another: ${figure(
    perRound('chain', (r) => r.rss.mib),
    mib,
  )} -> ${figure(rssRatio('chain'))}`,
);
console.log(
  `   shared, runs at once: ${figure(
    perRound('fanOut', (r) => r.rss.mib),
    mib,
  )} in ${p6a.fanOut[0].rss.count} process(es) -> ${figure(rssRatio('fanOut'))}`,
);
console.log(
  `   one server per agent, runs at once: ${figure(
    perRound('apart', (r) => r.rss.mib),
    mib,
  )} in ${p6a.apart[0].rss.count} processes -> ${figure(rssRatio('apart'))}`,
);
console.log(
  `P6a agents 2..4 hold a server after ${figure(
    perRound('fanOut', (r) => Math.max(...r.ready.slice(1))),
    ms,
  )} (the slowest of the three) vs ${figure(
    perRound('fanOut', (r) => r.ready[0]),
    ms,
  )} for the first agent's spawn -> ${figure(joinRatio, (v) => `${v.toFixed(3)}×`)} (target ≤ 0.1×); one server per agent: the fourth holds its own after ${figure(
    perRound('apart', (r) => r.ready[3]),
    ms,
  )}`,
);
console.log(
  `P6b warm() ${figure(warmCosts, ms)}, then the first run ${figure(afterWarm, ms)} vs a warm run ${figure(warmRuns, ms)} -> ${figure(ratios)} per trial (target ≤ 1.2×); without warm() the first run is ${figure(coldRatios)}`,
);
