// Stream-parsing throughput of the SSE path and the adapter's time-to-first-token
// overhead against a raw fetch of the same local stream. Plain Node, no framework:
//   pnpm --filter @openjarvis/engine-openai-compatible bench   (after a build)
import { once } from 'node:events';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

// The decoder is not part of the public index; the bench reads it from the build output.
const built = (path) =>
  import(new URL(`../dist/${path}`, import.meta.url).href).catch(() => {
    console.error('engine-openai-compatible is not built; run `npx turbo run build` first');
    process.exit(1);
  });
const { OpenAICompatibleEngine } = await built('index.js');
const { decodeOpenAIChatStream } = await built('streaming/decode-openai-chat-stream.js');
const { readSseEventBatches } = await import('@openjarvis/engine-kit');

const targets = { chunksPerSecond: 100_000, ttftOverheadMs: 1 };

/** A content chunk shaped like llama-server's (about 260 bytes on the wire). */
function contentEvent(i) {
  return `data: ${JSON.stringify({
    choices: [{ finish_reason: null, index: 0, delta: { content: ` tok${i % 1000}` } }],
    created: 1795493834,
    id: 'chatcmpl-LCX6UqqGFjhfjY33PPy2lVr124zHSlLe',
    model: 'tiny-llama',
    system_fingerprint: 'b11669-Debian',
    object: 'chat.completion.chunk',
  })}\n\n`;
}

const tail = [
  `data: ${JSON.stringify({ choices: [{ finish_reason: 'stop', index: 0, delta: {} }], object: 'chat.completion.chunk' })}\n\n`,
  `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } })}\n\n`,
  'data: [DONE]\n\n',
].join('');

function sseBody(count) {
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(contentEvent(i));
  parts.push(tail);
  return Buffer.from(parts.join(''), 'utf8');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

// 1. In-memory throughput: the real decode path (UTF-8 → eventsource-parser →
//    JSON → chunk mapping) fed from 64 KiB slices, as network reads deliver them.
async function inMemoryThroughput(count, sliceBytes) {
  const body = sseBody(count);
  async function* slices() {
    for (let offset = 0; offset < body.length; offset += sliceBytes) {
      yield body.subarray(offset, offset + sliceBytes);
    }
  }
  const context = { engineId: 'bench', url: 'memory://bench' };
  const started = performance.now();
  let chunks = 0;
  for await (const chunk of decodeOpenAIChatStream(readSseEventBatches(slices()), context)) {
    if (chunk.type === 'content') chunks++;
  }
  const seconds = (performance.now() - started) / 1000;
  if (chunks !== count) throw new Error(`decoded ${chunks} of ${count} chunks`);
  return { chunks, seconds, perSecond: chunks / seconds, mbPerSecond: body.length / 1e6 / seconds };
}

// 2. Loopback throughput: a node:http server streams the same body in 16 KiB
//    writes, and the engine's stream() reads it through ky and fetch.
async function startServer(handler) {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

async function loopbackThroughput(count) {
  const body = sseBody(count);
  const { server, url } = await startServer(async (req, res) => {
    for await (const _ of req) {
      // drain the request body
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (let offset = 0; offset < body.length; offset += 16_384) {
      if (!res.write(body.subarray(offset, offset + 16_384))) await once(res, 'drain');
    }
    res.end();
  });
  const engine = new OpenAICompatibleEngine({ host: url });
  const started = performance.now();
  let chunks = 0;
  for await (const chunk of engine.stream([{ role: 'user', content: 'go' }], { model: 'm' })) {
    if (chunk.type === 'content') chunks++;
  }
  const seconds = (performance.now() - started) / 1000;
  await engine.close();
  server.closeAllConnections();
  server.close();
  return { chunks, seconds, perSecond: chunks / seconds };
}

// 3. Time to first token: the server answers at once with one content event,
//    then finishes. Both clients read the whole reply, so both keep their
//    keep-alive connection; the clock stops at the first content.
async function ttftOverhead(rounds, warmup) {
  const first = contentEvent(0);
  const { server, url } = await startServer(async (req, res) => {
    for await (const _ of req) {
      // drain the request body
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(first);
    await nextTurn();
    res.end(tail);
  });
  const engine = new OpenAICompatibleEngine({ host: url });
  const messages = [{ role: 'user', content: 'Say hello.' }];
  const options = { model: 'm', maxTokens: 16 };
  const rawBody = JSON.stringify({
    model: 'm',
    messages,
    stream: true,
    max_tokens: 16,
    stream_options: { include_usage: true },
  });

  async function raw() {
    const started = performance.now();
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: rawBody,
    });
    const decoder = new TextDecoder();
    let text = '';
    let at;
    for await (const bytes of response.body) {
      text += decoder.decode(bytes, { stream: true });
      if (at === undefined && text.includes('"content"')) at = performance.now();
    }
    return at - started;
  }

  async function adapter() {
    const started = performance.now();
    let at;
    for await (const chunk of engine.stream(messages, options)) {
      if (at === undefined && chunk.type === 'content') at = performance.now();
    }
    return at - started;
  }

  for (let i = 0; i < warmup; i++) {
    await raw();
    await adapter();
  }
  const rawTimes = [];
  const adapterTimes = [];
  for (let i = 0; i < rounds; i++) {
    // Alternating order so neither side always runs on a warmer connection.
    if (i % 2 === 0) {
      rawTimes.push(await raw());
      adapterTimes.push(await adapter());
    } else {
      adapterTimes.push(await adapter());
      rawTimes.push(await raw());
    }
  }
  await engine.close();
  server.closeAllConnections();
  server.close();
  return { rawTimes, adapterTimes };
}

const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

console.log(`engine-openai-compatible benchmarks (node ${process.version}, ${process.arch})\n`);

const memoryRuns = [];
for (let run = 0; run < 5; run++) memoryRuns.push(await inMemoryThroughput(200_000, 65_536));
const bestMemory = memoryRuns.reduce((a, b) => (a.perSecond > b.perSecond ? a : b));
const medianMemory = median(memoryRuns.map((run) => run.perSecond));
console.log('SSE decode, in memory (200,000 chunk events, 64 KiB reads, 5 runs)');
console.log(
  `  median ${fmt(medianMemory)} chunks/s, best ${fmt(bestMemory.perSecond)} chunks/s (${fmt(bestMemory.mbPerSecond, 1)} MB/s)`,
);
console.log(
  `  target ≥ ${fmt(targets.chunksPerSecond)} chunks/s → ${fmt(medianMemory / targets.chunksPerSecond, 2)}× target\n`,
);

const loopbackRuns = [];
for (let run = 0; run < 3; run++) loopbackRuns.push(await loopbackThroughput(100_000));
const medianLoopback = median(loopbackRuns.map((run) => run.perSecond));
console.log('SSE stream over loopback HTTP through engine.stream() (100,000 chunk events, 3 runs)');
console.log(
  `  median ${fmt(medianLoopback)} chunks/s → ${fmt(medianLoopback / targets.chunksPerSecond, 2)}× target\n`,
);

const { rawTimes, adapterTimes } = await ttftOverhead(1000, 200);
const rawMedian = median(rawTimes);
const adapterMedian = median(adapterTimes);
const overhead = adapterMedian - rawMedian;
console.log(
  'Time to first token, local fake stream (1,000 rounds each, alternating, after 200 warm-up)',
);
console.log(
  `  raw fetch     median ${fmt(rawMedian, 3)} ms, p90 ${fmt(percentile(rawTimes, 0.9), 3)} ms`,
);
console.log(
  `  adapter       median ${fmt(adapterMedian, 3)} ms, p90 ${fmt(percentile(adapterTimes, 0.9), 3)} ms`,
);
console.log(
  `  overhead      ${fmt(overhead, 3)} ms (adapter/raw ${fmt(adapterMedian / rawMedian, 2)}×); target ≤ ${targets.ttftOverheadMs} ms → ${overhead <= targets.ttftOverheadMs ? 'met' : 'NOT met'}`,
);
