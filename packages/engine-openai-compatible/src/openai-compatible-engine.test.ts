import { inspect } from 'node:util';
import {
  AbortedError,
  deriveOpenAIBaseUrl,
  EngineHttpError,
  EngineInputError,
  EngineResponseError,
  EngineStreamError,
  EngineUnauthorizedError,
  EngineUnreachableError,
  EventBus,
  EventType,
  engineRegistry,
  InstrumentedEngine,
  InvalidOptionsError,
  type StreamChunk,
  TimeoutError,
} from '@openjarvis/core';
import {
  badPortUrl,
  chatRejectionsWithin,
  collect,
  engineHarness,
  FakeHttpServer,
  FakeLlamaCppServer,
  FakeOllamaServer,
  jsonReply,
  refusedUrl,
  rejection,
  sseReply,
  weatherTool,
} from '@openjarvis/testing/fake-engines';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { OpenAICompatibleEngine } from './openai-compatible-engine.js';
import { registerOpenAICompatibleEngine } from './register.js';

const user = [{ role: 'user' as const, content: 'Say hello.' }];
const chatPath = '/v1/chat/completions';

describe('OpenAICompatibleEngine: construction, registry, base URL', () => {
  it('strips one trailing /v1 from the host and exposes the /v1 base URL', () => {
    const engine = new OpenAICompatibleEngine({ host: 'http://127.0.0.1:9999/v1/' });
    expect(engine.host).toBe('http://127.0.0.1:9999');
    expect(engine.openaiBaseUrl).toBe('http://127.0.0.1:9999/v1');
    expect(engine.engineId).toBe('openai-compatible');
  });

  it('needs a host, and says so with a typed error', () => {
    expect(() => new OpenAICompatibleEngine()).toThrow(EngineInputError);
    expect(() => new OpenAICompatibleEngine({ host: 'http://h', probeTimeoutMs: -1 })).toThrow(
      /probeTimeoutMs/,
    );
  });

  it('is found through InstrumentedEngine by deriveOpenAIBaseUrl', () => {
    const engine = new OpenAICompatibleEngine({ host: 'http://127.0.0.1:9999', apiKey: 'k' });
    const wrapped = new InstrumentedEngine(engine, new EventBus());
    expect(deriveOpenAIBaseUrl(wrapped)).toBe('http://127.0.0.1:9999/v1');
    expect(wrapped.apiKey).toBe('k');
  });

  it('keeps the API key out of inspect output', () => {
    const engine = new OpenAICompatibleEngine({ host: 'http://h', apiKey: 'sk-very-secret' });
    expect(inspect(engine, { depth: 5 })).not.toContain('sk-very-secret');
  });

  it('registers itself as openai-compatible, once, with a factory reading config options', () => {
    expect(engineRegistry.has('openai-compatible')).toBe(false);
    expect(registerOpenAICompatibleEngine()).toBe(engineRegistry);
    try {
      expect(() => registerOpenAICompatibleEngine()).not.toThrow();
      const engine = engineRegistry.create('openai-compatible', {
        host: 'http://127.0.0.1:1234/v1',
        engineId: 'lmstudio',
      });
      expect(engine.engineId).toBe('lmstudio');
      expect(engine.host).toBe('http://127.0.0.1:1234');
      expect(() => engineRegistry.create('openai-compatible', { host: 42 })).toThrow(
        InvalidOptionsError,
      );
    } finally {
      engineRegistry.unregister('openai-compatible');
    }
  });
});

describe('OpenAICompatibleEngine against the Ollama /v1 layer (fake server from documented wire format)', () => {
  const { setup } = engineHarness({
    afterEach,
    startFake: () => FakeOllamaServer.start(),
    makeEngine: (fake) =>
      new OpenAICompatibleEngine({ host: `${fake.url}/v1`, engineId: 'ollama-openai' }),
  });
  let fake: FakeOllamaServer;
  let engine: OpenAICompatibleEngine;
  beforeEach(async () => {
    ({ fake, engine } = await setup());
  });

  it('reports ok with the model ids', async () => {
    const status = await engine.status();
    expect(status.state).toBe('ok');
    expect(status.models).toEqual(['llama3.2:3b', 'gemma:2b']);
  });

  it('streams a whole tool call in one delta, then finish and usage from the choices: [] chunk', async () => {
    const chunks = await collect(
      engine.stream(user, {
        model: 'llama3.2:3b',
        tools: [weatherTool],
      }),
    );
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      'tool_call_delta',
      'tool_call',
      'finish',
      'usage',
    ]);
    expect(chunks[1]).toEqual({
      type: 'tool_call',
      toolCall: {
        id: 'call_k3x9q2',
        name: 'get_weather',
        arguments: { city: 'Oslo' },
        rawArguments: '{"city":"Oslo"}',
      },
    });
    expect(chunks[2]).toEqual({ type: 'finish', finishReason: 'tool_calls' });
    const request = fake.requestsTo(chatPath)[0]?.json as Record<string, unknown>;
    expect(request.stream_options).toEqual({ include_usage: true });
  });

  it("maps the layer's error object with code null", async () => {
    const error = await rejection(engine.generate(user, { model: 'missing:7b' }));
    expect(error).toMatchObject({ name: 'ModelNotFoundError', status: 404, model: 'missing:7b' });
  });
});

describe('OpenAICompatibleEngine transport failures (recorded llama-server replies)', () => {
  const { setup } = engineHarness({
    afterEach,
    startFake: () => FakeLlamaCppServer.start(),
    makeEngine: (fake) => new OpenAICompatibleEngine({ host: fake.url, engineId: 'llamacpp' }),
  });
  let fake: FakeLlamaCppServer;
  let engine: OpenAICompatibleEngine;
  beforeEach(async () => {
    ({ fake, engine } = await setup());
  });

  const streamOptions = { model: 'tiny' };
  /** Short timeouts, only where a timeout is the expected outcome. */
  const impatient = () => {
    const quick = new OpenAICompatibleEngine({
      host: fake.url,
      engineId: 'llamacpp',
      streamIdleTimeoutMs: 200,
      requestTimeoutMs: 300,
      probeTimeoutMs: 300,
    });
    onTestFinished(() => quick.close());
    return quick;
  };

  it('gives the same chunks when every byte of the stream arrives on its own', async () => {
    const normal = await collect(engine.stream(user, streamOptions));
    fake.injectFault({ kind: 'byte-by-byte' }, chatPath);
    const split = await collect(engine.stream(user, streamOptions));
    expect(split).toEqual(normal);
    expect(normal.filter((chunk) => chunk.type === 'content')).toHaveLength(3);
  });

  it('fails with EngineStreamError when the stream is cut mid-way', async () => {
    fake.injectFault({ kind: 'cut', afterBytes: 500 }, chatPath);
    const error = await rejection(collect(engine.stream(user, streamOptions)));
    expect(EngineStreamError.isInstance(error)).toBe(true);
  });

  it('fails with TimeoutError when the stream stalls', async () => {
    const quick = impatient();
    fake.injectFault({ kind: 'stall', afterBytes: 300 }, chatPath);
    const error = await rejection(collect(quick.stream(user, streamOptions)));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ timeoutMs: 200 });
    await fake.waitForDisconnects(1);
  });

  it('fails with TimeoutError when a non-streamed reply stalls mid-body', async () => {
    const quick = impatient();
    fake.injectFault({ kind: 'stall', afterBytes: 20 }, chatPath);
    const error = await rejection(quick.generate(user, streamOptions));
    expect(TimeoutError.isInstance(error)).toBe(true);
  });

  it('fails with TimeoutError when no headers come, and the probe reports it', async () => {
    const quick = impatient();
    fake.injectFault({ kind: 'stall-headers' }, chatPath);
    const error = await rejection(quick.generate(user, streamOptions));
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 300 });
    fake.injectFault({ kind: 'stall-headers' }, '/v1/models');
    const status = await quick.status();
    expect(status.state).toBe('unreachable');
    expect(status.detail).toMatch(/did not answer within 300 ms/);
  });

  it('reports a 3xx instead of following it', async () => {
    fake.injectFault(
      { kind: 'redirect', status: 307, location: 'http://127.0.0.1:1/v1/chat/completions' },
      chatPath,
    );
    const error = await rejection(engine.generate(user, streamOptions));
    expect(EngineHttpError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 307 });
    expect((error as Error).message).toContain('http://127.0.0.1:1/v1/chat/completions');
    expect(fake.requestsTo(chatPath)).toHaveLength(1);
    fake.injectFault({ kind: 'redirect', status: 301, location: '/elsewhere' }, '/v1/models');
    expect((await engine.status()).state).toBe('unhealthy');
  });

  it('rejects promptly with AbortedError when aborted mid-stream, and releases the socket', async () => {
    const controller = new AbortController();
    const seen: StreamChunk[] = [];
    fake.injectFault({ kind: 'stall', afterBytes: 600 }, chatPath);
    const error = await rejection(
      (async () => {
        for await (const chunk of engine.stream(user, {
          ...streamOptions,
          signal: controller.signal,
        })) {
          seen.push(chunk);
          if (chunk.type === 'content') controller.abort(new Error('user pressed stop'));
        }
      })(),
    );
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(seen.filter((chunk) => chunk.type === 'content')).toHaveLength(1);
    await fake.waitForDisconnects(1);
  });

  it('rejects with AbortedError without sending when the signal is already aborted', async () => {
    const error = await rejection(
      engine.generate(user, { ...streamOptions, signal: AbortSignal.abort() }),
    );
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(fake.requestsTo(chatPath)).toHaveLength(0);
    await expect(engine.status({ signal: AbortSignal.abort() })).rejects.toSatisfy((e) =>
      AbortedError.isInstance(e),
    );
  });

  it('releases the socket when the consumer stops early', async () => {
    fake.injectFault({ kind: 'stall', afterBytes: 600 }, chatPath);
    for await (const chunk of engine.stream(user, streamOptions)) {
      if (chunk.type === 'content') break;
    }
    await fake.waitForDisconnects(1);
  });

  it('aborts requests in flight on close(), and refuses new ones', async () => {
    fake.injectFault({ kind: 'stall-headers' }, chatPath);
    const pending = rejection(engine.generate(user, streamOptions));
    while (fake.requestsTo(chatPath).length === 0)
      await new Promise((resolve) => setImmediate(resolve));
    await engine.close();
    expect(AbortedError.isInstance(await pending)).toBe(true);
    expect(AbortedError.isInstance(await rejection(engine.generate(user, streamOptions)))).toBe(
      true,
    );
  });

  it('publishes inference events through InstrumentedEngine', async () => {
    const bus = new EventBus({ recordHistory: true });
    const chunks = await collect(new InstrumentedEngine(engine, bus).stream(user, streamOptions));
    expect(chunks.at(-1)?.type).toBe('usage');
    const end = bus.history.find((event) => event.type === EventType.INFERENCE_END);
    expect(end?.data).toMatchObject({ engine: 'llamacpp', stream: true, finishReason: 'length' });
  });
});

describe('OpenAICompatibleEngine failure paths', () => {
  it('reports a refused port as unreachable, and requests fail with EngineUnreachableError', async () => {
    const engine = new OpenAICompatibleEngine({ host: await refusedUrl() });
    const status = await engine.status();
    expect(status.state).toBe('unreachable');
    expect(status.detail).toMatch(/connection refused/);
    expect(await engine.health()).toBe(false);
    const error = await rejection(engine.generate(user, { model: 'm' }));
    expect(EngineUnreachableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/connection refused/);
  });

  it('settles generate() and stream() on a port fetch refuses, naming the URL and the reason', async () => {
    // Node's fetch rejects such a port at once; the POST must not hang (it did under ky 1.9).
    const engine = new OpenAICompatibleEngine({ host: badPortUrl(), requestTimeoutMs: 3_000 });
    const errors = await chatRejectionsWithin(engine, 'm', 2_000);
    for (const error of [errors.generate, errors.stream]) {
      expect(EngineUnreachableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`${badPortUrl()}/v1/chat/completions`);
      expect((error as Error).message).toContain('bad port');
    }
  });

  it('never puts the API key in errors, even deep in their causes', async () => {
    const fake = await FakeLlamaCppServer.start({ apiKey: 'right-key' });
    const secret = 'sk-wrong-but-secret';
    const engine = new OpenAICompatibleEngine({ host: fake.url, apiKey: secret });
    const quick = new OpenAICompatibleEngine({
      host: fake.url,
      apiKey: secret,
      requestTimeoutMs: 200,
    });
    try {
      const unauthorized = await rejection(engine.generate(user, { model: 'tiny' }));
      expect(EngineUnauthorizedError.isInstance(unauthorized)).toBe(true);
      fake.injectFault({ kind: 'stall-headers' }, chatPath);
      const timeout = await rejection(quick.generate(user, { model: 'tiny' }));
      expect(TimeoutError.isInstance(timeout)).toBe(true);
      for (const error of [unauthorized, timeout]) {
        expect(inspect(error, { depth: 10 })).not.toContain(secret);
      }
      expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${secret}`);
    } finally {
      await engine.close();
      await quick.close();
      await fake.close();
    }
  });

  it('rejects bad input before sending anything', async () => {
    const engine = new OpenAICompatibleEngine({ host: 'http://127.0.0.1:9' });
    await expect(engine.generate([], { model: 'm' })).rejects.toThrow(EngineInputError);
    await expect(engine.generate(user, { model: '' })).rejects.toThrow(/model/);
    await expect(engine.generate(user, { model: 'm', maxTokens: 0 })).rejects.toThrow(/maxTokens/);
    await expect(
      collect(engine.stream([{ role: 'robot' as 'user', content: 'x' }], { model: 'm' })),
    ).rejects.toThrow(/role/);
  });

  it('reports 2xx bodies it cannot read: not JSON, no choices, junk events', async () => {
    let mode: 'text' | 'empty' | 'junk' = 'text';
    const server = await FakeHttpServer.start(() => {
      if (mode === 'text')
        return { status: 200, headers: { 'content-type': 'text/html' }, pieces: ['<html>'] };
      if (mode === 'empty') return jsonReply(200, { choices: [] });
      return sseReply(['data: {not json\n\n', 'data: [DONE]\n\n']);
    });
    const engine = new OpenAICompatibleEngine({ host: server.url });
    try {
      expect(
        EngineResponseError.isInstance(await rejection(engine.generate(user, { model: 'm' }))),
      ).toBe(true);
      mode = 'empty';
      expect(((await rejection(engine.generate(user, { model: 'm' }))) as Error).message).toMatch(
        /no choices/,
      );
      mode = 'junk';
      const error = await rejection(collect(engine.stream(user, { model: 'm' })));
      expect(EngineStreamError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/not JSON/);
    } finally {
      await engine.close();
      await server.close();
    }
  });

  it('stops at once on abort even when one network read carried many chunks', async () => {
    const events = [1, 2, 3, 4].map(
      (n) =>
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: `t${n}` } }] })}\n\n`,
    );
    const server = await FakeHttpServer.start(() => ({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      pieces: [events.join('')],
    }));
    server.injectFault({ kind: 'stall', afterBytes: 10_000 });
    const engine = new OpenAICompatibleEngine({ host: server.url });
    const controller = new AbortController();
    const seen: string[] = [];
    try {
      const error = await rejection(
        (async () => {
          for await (const chunk of engine.stream(user, {
            model: 'm',
            signal: controller.signal,
          })) {
            if (chunk.type === 'content') seen.push(chunk.delta);
            controller.abort();
          }
        })(),
      );
      expect(AbortedError.isInstance(error)).toBe(true);
      expect(seen).toEqual(['t1']);
      await server.waitForDisconnects(1);
    } finally {
      await engine.close();
      await server.close();
    }
  });

  it('rejects malformed tool calls and tools in the input', async () => {
    const engine = new OpenAICompatibleEngine({ host: 'http://127.0.0.1:9' });
    const badCall = [
      { role: 'assistant' as const, content: '', toolCalls: [{ id: 'x' }] as never },
    ];
    await expect(engine.generate(badCall, { model: 'm' })).rejects.toThrow(/toolCalls\[0\]/);
    await expect(
      engine.generate(user, { model: 'm', tools: [{ type: 'function', function: {} }] as never }),
    ).rejects.toThrow(EngineInputError);
  });

  it('treats a stream that ends after its finish chunk but without [DONE] as broken', async () => {
    const server = await FakeHttpServer.start(() =>
      sseReply([
        { choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }] },
        { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      ]),
    );
    const engine = new OpenAICompatibleEngine({ host: server.url });
    try {
      const seen: StreamChunk[] = [];
      const error = await rejection(
        (async () => {
          for await (const chunk of engine.stream(user, { model: 'm' })) seen.push(chunk);
        })(),
      );
      expect(EngineStreamError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/without its \[DONE\]/);
      expect(seen.map((chunk) => chunk.type)).toEqual(['content', 'finish']);
    } finally {
      await engine.close();
      await server.close();
    }
  });
});
