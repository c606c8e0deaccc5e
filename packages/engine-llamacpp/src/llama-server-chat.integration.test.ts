import {
  AbortedError,
  type ChatMessage,
  ContextLengthExceededError,
  deriveOpenAIBaseUrl,
  EventBus,
  type InferenceEndData,
  type InferenceStartData,
  InstrumentedEngine,
  type StreamChunk,
} from '@openjarvis/core';
import { collect, rejection } from '@openjarvis/testing/fake-engines';
import { describe, expect, it } from 'vitest';
import { LlamaCppEngine } from './llamacpp-engine.js';
import {
  anySlotBusy,
  closeAfterAll,
  expectWeatherCall,
  forcedToolCallOptions,
  REAL_SERVER_BOUND,
  readMetric,
  sharedLlamaServer,
  userAsksWeather,
  waitUntil,
  withoutEndOfText,
} from './test-support/real-llama-server.js';

// LlamaCppEngine against one real llama-server (tiny random-weight model, bare-JSON tools
// template). Assertions are on the protocol only: the generated text is gibberish.

// A window other than the launcher's default 2048, so the tests can tell that the engine
// reads it from the server. The model's training context matches it, because llama-server
// caps each slot's window at the training context.
const window = 16_384;
const server = sharedLlamaServer({
  contextSize: window,
  model: { contextLength: window },
  metrics: true,
});

const track = closeAfterAll();
let sharedEngine: LlamaCppEngine | undefined;

/** One engine for the file, pointed at the shared server. */
async function engine(): Promise<LlamaCppEngine> {
  const s = await server();
  sharedEngine ??= track(new LlamaCppEngine({ host: s.baseUrl, env: {} }));
  return sharedEngine;
}

describe('LlamaCppEngine models against a real llama-server', REAL_SERVER_BOUND, () => {
  it('lists the alias tiny with contextLength from meta.n_ctx', async () => {
    const e = await engine();
    expect(await e.listModels()).toEqual([{ id: 'tiny', contextLength: window }]);
  });

  it("answers contextLength('tiny') with the served window", async () => {
    const e = await engine();
    expect(await e.contextLength('tiny')).toBe(window);
  });

  it('is ok', async () => {
    const e = await engine();
    expect(await e.status()).toMatchObject({ state: 'ok', models: ['tiny'] });
  });
});

describe('LlamaCppEngine chat against a real llama-server', REAL_SERVER_BOUND, () => {
  it('generates with usage, stopping at maxTokens with finishReason length', async () => {
    const s = await server();
    const e = await engine();
    const result = await e.generate(userAsksWeather, {
      model: 'tiny',
      maxTokens: 6,
      temperature: 0,
      extraBody: withoutEndOfText(s),
    });
    expect(result.finishReason).toBe('length');
    expect(result.model).toBe('tiny');
    expect(typeof result.content).toBe('string');
    expect(result.toolCalls).toEqual([]);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBe(6);
  });

  it('streams content, then finish, then usage read from the choices: [] chunk', async () => {
    const s = await server();
    const e = await engine();
    const chunks = await collect(
      e.stream(userAsksWeather, {
        model: 'tiny',
        maxTokens: 6,
        temperature: 0,
        extraBody: withoutEndOfText(s),
      }),
    );
    const types = chunks.map((chunk) => chunk.type);
    expect(types.slice(-2)).toEqual(['finish', 'usage']);
    expect(types.slice(0, -2).every((type) => type === 'content')).toBe(true);
    expect(types.slice(0, -2).length).toBeGreaterThan(0);
    expect(types.slice(0, -2).length).toBeLessThanOrEqual(6);
    expect(chunks.at(-2)).toEqual({ type: 'finish', finishReason: 'length' });
    const usage = chunks.at(-1);
    expect(usage?.type).toBe('usage');
    if (usage?.type !== 'usage') return;
    expect(usage.usage.inputTokens).toBeGreaterThan(0);
    expect(usage.usage.outputTokens).toBe(6);
  });

  it('returns a forced get_weather call from generate, with finishReason tool_calls', async () => {
    const s = await server();
    const e = await engine();
    const result = await e.generate(userAsksWeather, forcedToolCallOptions(s));
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toHaveLength(1);
    expectWeatherCall(result.toolCalls[0]);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  it('streams a forced get_weather call: deltas first, then the completed call, finish and usage', async () => {
    const s = await server();
    const e = await engine();
    const chunks = await collect(e.stream(userAsksWeather, forcedToolCallOptions(s)));

    const callAt = chunks.findIndex((chunk) => chunk.type === 'tool_call');
    expect(callAt).toBeGreaterThan(0);
    const call = chunks[callAt];
    if (call?.type !== 'tool_call') throw new Error('no tool_call chunk');
    expectWeatherCall(call.toolCall);
    expect(chunks.filter((chunk) => chunk.type === 'tool_call')).toHaveLength(1);

    // Every fragment of the call arrives before the completed call, and they add up to it.
    const deltas = chunks.flatMap((chunk, at) =>
      chunk.type === 'tool_call_delta' ? [{ chunk, at }] : [],
    );
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.every(({ at }) => at < callAt)).toBe(true);
    expect(deltas.every(({ chunk }) => chunk.index === 0)).toBe(true);
    expect(deltas.map(({ chunk }) => chunk.argumentsDelta).join('')).toBe(
      call.toolCall.rawArguments,
    );
    expect(deltas.some(({ chunk }) => chunk.name === 'get_weather')).toBe(true);

    expect(chunks.slice(callAt + 1).map((chunk) => chunk.type)).toEqual(['finish', 'usage']);
    expect(chunks[callAt + 1]).toEqual({ type: 'finish', finishReason: 'tool_calls' });
    const usage = chunks.at(-1);
    expect(usage?.type === 'usage' && usage.usage.inputTokens > 0).toBe(true);
  });

  it('sends a tool-result round trip (assistant toolCalls + tool message) that the server accepts', async () => {
    const s = await server();
    const e = await engine();
    const first = await e.generate(userAsksWeather, forcedToolCallOptions(s));
    expectWeatherCall(first.toolCalls[0]);

    const conversation: ChatMessage[] = [
      ...userAsksWeather,
      { role: 'assistant', content: first.content, toolCalls: first.toolCalls },
      ...first.toolCalls.map(
        (call): ChatMessage => ({
          role: 'tool',
          content: JSON.stringify({ city: call.arguments.city, celsius: 4 }),
          toolCallId: call.id,
        }),
      ),
    ];
    const options = {
      model: 'tiny',
      maxTokens: 4,
      temperature: 0,
      tools: forcedToolCallOptions(s).tools ?? [],
      toolChoice: 'none' as const,
      extraBody: withoutEndOfText(s),
    };
    const reply = await e.generate(conversation, options);
    expect(reply.finishReason).toBe('length');
    expect(reply.toolCalls).toEqual([]);
    expect(reply.usage.outputTokens).toBe(4);

    // The template rendered the call and its result into the prompt.
    const without = await e.generate(userAsksWeather, options);
    expect(reply.usage.inputTokens).toBeGreaterThan(without.usage.inputTokens);

    // The same round trip streamed.
    const streamed = await collect(e.stream(conversation, options));
    expect(streamed.at(-2)).toEqual({ type: 'finish', finishReason: 'length' });
    expect(streamed.at(-1)).toMatchObject({
      type: 'usage',
      usage: { inputTokens: reply.usage.inputTokens },
    });
  });

  it('maps a prompt longer than the context to ContextLengthExceededError, streamed or not', async () => {
    const e = await engine();
    // The tiny vocabulary has no merge for a run of x: one token per character, twice the window.
    const long = [{ role: 'user' as const, content: 'x'.repeat(window * 2) }];
    const plain = await rejection(e.generate(long, { model: 'tiny', maxTokens: 4 }));
    const streamed = await rejection(collect(e.stream(long, { model: 'tiny', maxTokens: 4 })));
    for (const error of [plain, streamed]) {
      expect(ContextLengthExceededError.isInstance(error)).toBe(true);
      if (!ContextLengthExceededError.isInstance(error)) continue;
      expect(error.status).toBe(400);
      expect(error.contextLength).toBe(window);
      expect(error.inputTokens).toBeGreaterThan(window);
    }
    expect(await e.health()).toBe(true);
  });
});

describe('LlamaCppEngine cancellation against a real llama-server', REAL_SERVER_BOUND, () => {
  it('rejects an aborted long stream with AbortedError; the server stops generating and stays healthy', async () => {
    const s = await server();
    const e = await engine();
    // No other request is in flight in this file (tests run one after another).
    await waitUntil('llama-server is idle', async () => !(await anySlotBusy(s)));
    const predictedBefore = await readMetric(s, 'llamacpp:tokens_predicted_total');

    // End-of-text is banned, so uncancelled this would generate all maxTokens tokens (the
    // window has room for them), which takes the tiny model tens of seconds: generation slows
    // down as the context fills.
    const maxTokens = window - 512;
    const controller = new AbortController();
    const received: StreamChunk[] = [];
    let receivedAfterAbort = 0;
    const error = await rejection(
      (async () => {
        for await (const chunk of e.stream(userAsksWeather, {
          model: 'tiny',
          maxTokens,
          temperature: 0,
          signal: controller.signal,
          extraBody: withoutEndOfText(s),
        })) {
          if (controller.signal.aborted) receivedAfterAbort += 1;
          received.push(chunk);
          if (received.length === 3) controller.abort();
        }
      })(),
    );

    expect(AbortedError.isInstance(error)).toBe(true);
    expect(receivedAfterAbort).toBe(0);
    // Aborted mid-way: only content so far, no finish or usage.
    expect(received.map((chunk) => chunk.type)).toEqual(['content', 'content', 'content']);

    // The dropped connection cancels the task: the slot frees up long before maxTokens.
    await waitUntil('the aborted task is released', async () => !(await anySlotBusy(s)), {
      timeoutMs: 90_000,
    });
    const predicted = (await readMetric(s, 'llamacpp:tokens_predicted_total')) - predictedBefore;
    expect(predicted).toBeLessThan(maxTokens);

    expect(await e.status()).toMatchObject({ state: 'ok' });
    const after = await e.generate(userAsksWeather, {
      model: 'tiny',
      maxTokens: 3,
      extraBody: withoutEndOfText(s),
    });
    expect(after).toMatchObject({ finishReason: 'length', usage: { outputTokens: 3 } });
  });
});

describe(
  'InstrumentedEngine(LlamaCppEngine) against a real llama-server',
  REAL_SERVER_BOUND,
  () => {
    /** A wrapped engine and the inference events its bus received. */
    async function instrumented(): Promise<{
      wrapped: InstrumentedEngine;
      starts: InferenceStartData[];
      ends: InferenceEndData[];
    }> {
      const bus = new EventBus();
      const starts: InferenceStartData[] = [];
      const ends: InferenceEndData[] = [];
      bus.subscribe('inference_start', (event) => starts.push(event.data));
      bus.subscribe('inference_end', (event) => ends.push(event.data));
      return { wrapped: new InstrumentedEngine(await engine(), bus), starts, ends };
    }

    it('publishes inference_start and inference_end with usage for generate', async () => {
      const s = await server();
      const { wrapped, starts, ends } = await instrumented();
      const result = await wrapped.generate(userAsksWeather, {
        model: 'tiny',
        maxTokens: 4,
        extraBody: withoutEndOfText(s),
      });
      expect(starts).toHaveLength(1);
      expect(starts[0]).toMatchObject({
        engine: 'llamacpp',
        model: 'tiny',
        messageCount: 1,
        stream: false,
        server: { address: s.host, port: s.port },
      });
      expect(ends).toHaveLength(1);
      expect(ends[0]).toMatchObject({
        inferenceId: starts[0]?.inferenceId,
        stream: false,
        finishReason: 'length',
        usage: result.usage,
      });
      expect(ends[0]?.error).toBeUndefined();
      expect(ends[0]?.usage?.inputTokens).toBeGreaterThan(0);
      expect(ends[0]?.usage?.outputTokens).toBe(4);
    });

    it('publishes inference_start and inference_end with the streamed usage for stream', async () => {
      const s = await server();
      const { wrapped, starts, ends } = await instrumented();
      const chunks = await collect(
        wrapped.stream(userAsksWeather, {
          model: 'tiny',
          maxTokens: 4,
          extraBody: withoutEndOfText(s),
        }),
      );
      const usage = chunks.at(-1);
      if (usage?.type !== 'usage') throw new Error('the stream did not end with usage');
      expect(starts).toHaveLength(1);
      expect(starts[0]).toMatchObject({ engine: 'llamacpp', model: 'tiny', stream: true });
      expect(ends).toHaveLength(1);
      expect(ends[0]).toMatchObject({
        inferenceId: starts[0]?.inferenceId,
        stream: true,
        finishReason: 'length',
        usage: usage.usage,
      });
      expect(ends[0]?.error).toBeUndefined();
      expect(ends[0]?.usage?.inputTokens).toBeGreaterThan(0);
    });

    it('derives <host>/v1 as the OpenAI base URL, and a plain fetch to it gets a chat completion', async () => {
      const s = await server();
      const { wrapped } = await instrumented();
      const baseUrl = deriveOpenAIBaseUrl(wrapped);
      expect(baseUrl).toBe(`${s.baseUrl}/v1`);

      const body = {
        model: 'tiny',
        messages: userAsksWeather,
        max_tokens: 3,
        ...withoutEndOfText(s),
      };
      const headers = {
        'Content-Type': 'application/json',
        ...(wrapped.apiKey === undefined ? {} : { Authorization: `Bearer ${wrapped.apiKey}` }),
      };
      const plain = await fetch(`${baseUrl}/chat/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      expect(plain.status).toBe(200);
      expect(await plain.json()).toMatchObject({
        object: 'chat.completion',
        model: 'tiny',
        choices: [{ finish_reason: 'length', message: { role: 'assistant' } }],
        usage: { completion_tokens: 3 },
      });

      // Streamed, the usage comes in a final chunk with `choices: []` before [DONE]: the
      // chunk the engine reads its stream usage from.
      const streamed = await fetch(`${baseUrl}/chat/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
      });
      expect(streamed.status).toBe(200);
      expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const data = (await streamed.text())
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice('data:'.length).trim());
      expect(data.at(-1)).toBe('[DONE]');
      expect(JSON.parse(data.at(-2) ?? 'null')).toMatchObject({
        choices: [],
        usage: { completion_tokens: 3 },
      });
    });
  },
);
