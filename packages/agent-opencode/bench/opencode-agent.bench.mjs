// Benchmarks of OpenCodeAgent against the real opencode binary with a
// scripted model. Each figure is a ratio against a baseline measured in the
// same run, since the machine is shared and noisy.
//   P2  one-tool-call turn through run() vs the same turn driven by raw HTTP on the same warm server
//   P3  first run (spawns the server) vs second run (reuses it)
//   P4  8 concurrent runs on one agent vs the same 8 sequentially, model taking 300 ms per reply
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { markerScript, reply, startScriptedModelServer, turnScript } from '@openjarvis/testing';
import { descendantsOf } from '../dist/server/process-tree.js';

const script = markerScript({
  '[[tool]]': turnScript([
    reply.toolCall('bash', { command: 'echo hi', description: 'Say hi' }),
    reply.text('It printed hi.'),
  ]),
  '[[slow]]': turnScript([reply.text('slow answer', { delayMs: 300 })]),
});
const model = await startScriptedModelServer({ script, modelId: 'local-model' });
const workspace = mkdtempSync(join(tmpdir(), 'oj-bench-'));
const password = 'bench-password';
// Without the workspace diff: these figures are the driver's own overhead;
// workspace-diff.bench.mjs measures what the diff adds.
const newAgent = () =>
  new OpenCodeAgent(undefined, 'local-model', {
    providerBaseUrl: model.baseUrl,
    workspace,
    serverPassword: password,
    diff: false,
  });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => `${value.toFixed(1)} ms`;

function assertOk(result) {
  if (result.metadata.error) throw new Error(`run failed: ${result.content}`);
}

/** The same turn as run(), driven with fetch: session, prompt_async, wait for idle on a warm /event stream, read messages. */
async function rawClient(baseUrl) {
  const authorization = `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}`;
  const waiters = new Map();
  const response = await fetch(`${baseUrl}/event`, { headers: { authorization } });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let connected;
  const ready = new Promise((resolve) => (connected = resolve));
  (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut !== -1) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf('\n\n');
        if (!frame.startsWith('data: ')) continue;
        const event = JSON.parse(frame.slice(6));
        if (event.type === 'server.connected') connected();
        if (event.type === 'session.idle') waiters.get(event.properties.sessionID)?.();
      }
    }
  })();
  await ready;
  const post = (path, body) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return {
    async turn(text) {
      const session = await (await post('/session', { title: text.slice(0, 80) })).json();
      const idle = new Promise((resolve) => waiters.set(session.id, resolve));
      const messageID = `msg_${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
      await post(`/session/${session.id}/prompt_async`, {
        messageID,
        agent: 'build',
        model: { providerID: 'openjarvis', modelID: 'local-model' },
        parts: [{ type: 'text', text }],
        tools: { question: false },
      });
      await idle;
      waiters.delete(session.id);
      const messages = await (
        await fetch(`${baseUrl}/session/${session.id}/message`, { headers: { authorization } })
      ).json();
      if (!messages.some((m) => m.parts.some((p) => p.type === 'tool')))
        throw new Error('raw turn made no tool call');
    },
    close: () => reader.cancel(),
  };
}

function opencodeProcesses() {
  let count = 0;
  // Only servers this process started (behind their supervisors); other
  // programs' are not ours to count.
  for (const entry of descendantsOf(process.pid)) {
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.some((arg) => /opencode(\.exe)?$/.test(arg)) && cmdline.includes('serve'))
        count++;
    } catch {}
  }
  return count;
}

// P3 first: it needs fresh agents.
const firsts = [];
const seconds = [];
let reused = true;
for (let i = 0; i < 3; i++) {
  const agent = newAgent();
  let t = performance.now();
  assertOk(await agent.run('warm [[tool]]'));
  firsts.push(performance.now() - t);
  const pid = await agent.serverPid();
  t = performance.now();
  assertOk(await agent.run('again [[tool]]'));
  seconds.push(performance.now() - t);
  reused &&= (await agent.serverPid()) === pid;
  await agent.close();
}

// P2: alternate agent and raw turns on one warm server.
const agent = newAgent();
assertOk(await agent.run('warm [[tool]]'));
const address = await agent.serverAddress();
const raw = await rawClient(`http://${address.address}:${address.port}`);
for (let i = 0; i < 3; i++) {
  assertOk(await agent.run('warm [[tool]]'));
  await raw.turn('warm [[tool]]');
}
const viaAgent = [];
const viaRaw = [];
const rounds = 25;
const timeAgent = async (i) => {
  const t = performance.now();
  assertOk(await agent.run(`turn ${i} [[tool]]`));
  viaAgent.push(performance.now() - t);
};
const timeRaw = async (i) => {
  const t = performance.now();
  await raw.turn(`turn ${i} [[tool]]`);
  viaRaw.push(performance.now() - t);
};
// Alternate which side goes first, so neither always runs on a just-warmed server.
for (let i = 0; i < rounds; i++) {
  if (i % 2 === 0) {
    await timeAgent(i);
    await timeRaw(i);
  } else {
    await timeRaw(i);
    await timeAgent(i);
  }
}
await raw.close();

// P4: 8 concurrent vs 8 sequential on the same agent.
let t = performance.now();
for (let i = 0; i < 8; i++) assertOk(await agent.run(`seq ${i} [[slow]]`));
const sequential = performance.now() - t;
t = performance.now();
const concurrentRuns = Promise.all(
  Array.from({ length: 8 }, (_, i) => agent.run(`par ${i} [[slow]]`)),
);
await new Promise((resolve) => setTimeout(resolve, 150));
const processesDuring = opencodeProcesses();
(await concurrentRuns).forEach(assertOk);
const concurrent = performance.now() - t;
await agent.close();
await model.close();

const p2 = median(viaAgent) / median(viaRaw);
console.log('OpenCodeAgent benchmark (real opencode, scripted model)');
console.log(
  `P2 one-tool-call turn: run() ${ms(median(viaAgent))} vs raw HTTP ${ms(median(viaRaw))} (median of ${rounds}, interleaved) -> ratio ${p2.toFixed(3)}x (target <= 1.05x)`,
);
console.log(
  `P3 first run (spawn) ${ms(median(firsts))} vs second run (reuse) ${ms(median(seconds))} (median of 3) -> ${(median(firsts) / median(seconds)).toFixed(1)}x; second run reused the server: ${reused}`,
);
console.log(
  `P4 8 runs, 300 ms model: sequential ${ms(sequential)} vs concurrent ${ms(concurrent)} -> ${(sequential / concurrent).toFixed(2)}x faster (target >= 4x); opencode servers during the concurrent runs: ${processesDuring}`,
);
