// Stream-parsing throughput of the SSE path against the bare SSE parser
// (eventsource-parser) over the same bytes, and the adapter's time-to-first-token
// overhead against a raw fetch of the same local stream. Each comparison's arms
// run interleaved, in rotating order, in the same run. Plain Node, no framework:
//   pnpm --filter @openjarvis/engine-openai-compatible bench   (after a build)
import { once } from 'node:events';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  cpuTimeNs,
  formatSpread,
  interleave,
  median,
  pairedRatios,
  quantile,
  spread,
} from '@openjarvis/bench-stats';
import { createParser } from 'eventsource-parser';

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

/** Yields `body` in slices of `sliceBytes`, as network reads deliver it. */
async function* slices(body, sliceBytes) {
  for (let offset = 0; offset < body.length; offset += sliceBytes) {
    yield body.subarray(offset, offset + sliceBytes);
  }
}

/**
 * The baseline: eventsource-parser alone over the same byte chunks (UTF-8
 * decoding included), counting events; with `parseJson`, each event's data is
 * also JSON.parse'd, the least any client must do with it.
 */
async function bareParser(chunks, parseJson) {
  let events = 0;
  let parsed = 0;
  const parser = createParser({
    onEvent(message) {
      events++;
      if (parseJson && message.data !== '[DONE]') parsed += JSON.parse(message.data).choices.length;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  parser.feed(decoder.decode());
  return parseJson ? parsed : events;
}

/** The engine's decode path: UTF-8 → eventsource-parser → JSON → chunk mapping. Counts content chunks. */
async function enginePath(chunks) {
  const context = { engineId: 'bench', url: 'memory://bench' };
  let contents = 0;
  for await (const chunk of decodeOpenAIChatStream(readSseEventBatches(chunks), context)) {
    if (chunk.type === 'content') contents++;
  }
  return contents;
}

// 1. In-memory throughput, CPU time (the machine is shared): the three readers
//    over the same body, fed in 64 KiB slices.
function inMemoryArms(count, sliceBytes) {
  const body = sseBody(count);
  const timed = (read, expected) => async () => {
    const began = cpuTimeNs();
    const got = await read(slices(body, sliceBytes));
    const seconds = (cpuTimeNs() - began) / 1e9;
    if (got < expected) throw new Error(`read ${got} of ${expected}`);
    return count / seconds;
  };
  return [
    { name: 'bare eventsource-parser', measure: timed((c) => bareParser(c, false), count) },
    { name: 'bare parser + JSON.parse', measure: timed((c) => bareParser(c, true), count) },
    { name: 'engine decode path', measure: timed(enginePath, count) },
  ];
}

// 2. Loopback throughput: a node:http server streams the same body in 16 KiB
//    writes, and the engine's stream() reads it through ky and fetch.
async function startServer(handler) {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

// Both readers take the same server and bytes: the engine through ky and
// fetch, the baseline through fetch and the bare parser.
async function loopbackArms(count) {
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
  const timed = (read) => async () => {
    const started = performance.now();
    const got = await read();
    const seconds = (performance.now() - started) / 1000;
    if (got < count) throw new Error(`read ${got} of ${count}`);
    return count / seconds;
  };
  const fetchBare = (parseJson) =>
    timed(async () => {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: '{"model":"m","stream":true}',
      });
      return bareParser(response.body, parseJson);
    });
  const arms = [
    { name: 'fetch + bare eventsource-parser', measure: fetchBare(false) },
    { name: 'fetch + bare parser + JSON.parse', measure: fetchBare(true) },
    {
      name: 'engine.stream()',
      measure: timed(async () => {
        let chunks = 0;
        for await (const chunk of engine.stream([{ role: 'user', content: 'go' }], {
          model: 'm',
        })) {
          if (chunk.type === 'content') chunks++;
        }
        return chunks;
      }),
    },
  ];
  const close = async () => {
    await engine.close();
    server.closeAllConnections();
    server.close();
  };
  return { arms, close };
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

  // Alternating order (two arms rotated) so neither side always runs on a warmer connection.
  const times = await interleave(
    [
      { name: 'raw', measure: raw },
      { name: 'adapter', measure: adapter },
    ],
    { rounds, warmup },
  );
  await engine.close();
  server.closeAllConnections();
  server.close();
  return { rawTimes: times.get('raw'), adapterTimes: times.get('adapter') };
}

const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

console.log(`engine-openai-compatible benchmarks (node ${process.version}, ${process.arch})\n`);

const rate = (value) => `${fmt(value / 1000)}k`;
const times = (value) => `${value.toFixed(2)}×`;
/**
 * Each arm's rate, and its time against each baseline's in the same rounds:
 * the bare parser's, and the bare parser's with JSON.parse (the least any
 * client does with an event).
 */
function report(results, [bare, withJson]) {
  const timeAgainst = (name, baseline) =>
    formatSpread(spread(pairedRatios(results.get(baseline), results.get(name))), times);
  for (const name of results.keys()) {
    const against = [bare, withJson]
      .filter((baseline) => baseline !== name && !(name === bare && baseline === withJson))
      .map((baseline) => `${timeAgainst(name, baseline)} ${baseline}'s time`)
      .join('; ');
    const line = `${formatSpread(spread(results.get(name)), rate)}  ${against || '(baseline)'}`;
    console.log(`  ${name.padEnd(33)}${line}`);
  }
}

const memoryRounds = Number(process.env.BENCH_ROUNDS ?? 7);
const memory = await interleave(inMemoryArms(200_000, 65_536), { rounds: memoryRounds, warmup: 1 });
console.log(
  `SSE decode in memory: 200,000 chunk events (${fmt(sseBody(200_000).length / 1e6, 1)} MB), 64 KiB reads, CPU time; chunks/s, median (IQR, n rounds), arms interleaved`,
);
report(memory, ['bare eventsource-parser', 'bare parser + JSON.parse']);
const medianMemory = median(memory.get('engine decode path'));
console.log(
  `  target ≥ ${fmt(targets.chunksPerSecond)} chunks/s → ${fmt(medianMemory / targets.chunksPerSecond, 2)}× target\n`,
);

const loopback = await loopbackArms(100_000);
const loopbackRates = await interleave(loopback.arms, { rounds: memoryRounds, warmup: 1 });
await loopback.close();
console.log(
  'SSE stream over loopback HTTP, 100,000 chunk events in 16 KiB writes, wall time; chunks/s, median (IQR, n rounds), arms interleaved',
);
report(loopbackRates, ['fetch + bare eventsource-parser', 'fetch + bare parser + JSON.parse']);
const medianLoopback = median(loopbackRates.get('engine.stream()'));
console.log(
  `  target ≥ ${fmt(targets.chunksPerSecond)} chunks/s → ${fmt(medianLoopback / targets.chunksPerSecond, 2)}× target\n`,
);

const { rawTimes, adapterTimes } = await ttftOverhead(1000, 200);
const overheads = adapterTimes.map((time, i) => time - rawTimes[i]);
const overhead = median(overheads);
console.log(
  'Time to first token, local fake stream (1,000 rounds each, alternating, after 200 warm-up)',
);
const ms = (value) => `${fmt(value, 3)} ms`;
console.log(
  `  raw fetch     ${formatSpread(spread(rawTimes), ms)}, p90 ${ms(quantile(rawTimes, 0.9))}`,
);
console.log(
  `  adapter       ${formatSpread(spread(adapterTimes), ms)}, p90 ${ms(quantile(adapterTimes, 0.9))}`,
);
console.log(
  `  overhead      ${formatSpread(spread(overheads), ms)} per pair (adapter/raw ${formatSpread(spread(pairedRatios(adapterTimes, rawTimes)), times)}); target ≤ ${targets.ttftOverheadMs} ms → ${overhead <= targets.ttftOverheadMs ? 'met' : 'NOT met'}`,
);
