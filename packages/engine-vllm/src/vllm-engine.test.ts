import {
  AbortedError,
  ContextLengthExceededError,
  deriveOpenAIBaseUrl,
  EngineStreamError,
  EngineUnauthorizedError,
  EngineUnreachableError,
  EventBus,
  engineRegistry,
  InstrumentedEngine,
  InvalidOptionsError,
  ModelNotFoundError,
  type StreamChunk,
  TimeoutError,
  ToolsUnsupportedError,
} from '@openjarvis/core';
import {
  badPortUrl,
  chatRejectionsWithin,
  collect,
  engineHarness,
  type FakeVLLMOptions,
  FakeVLLMServer,
  refusedUrl,
  rejection,
  weatherTool,
} from '@openjarvis/testing/fake-engines';
import { afterEach, describe, expect, it } from 'vitest';
import { registerVLLMEngine } from './register.js';
import { VLLMEngine } from './vllm-engine.js';
import type { VLLMEngineOptions } from './vllm-options.js';

const user = [{ role: 'user' as const, content: 'What is the weather in Oslo?' }];
const chatPath = '/v1/chat/completions';

const { setup, closeAfterTest } = engineHarness({
  afterEach,
  startFake: (options: FakeVLLMOptions | undefined) => FakeVLLMServer.start(options),
  makeEngine: (fake, options: VLLMEngineOptions | undefined) =>
    new VLLMEngine({ host: fake.url, env: {}, ...options }),
});

describe('VLLMEngine configuration', () => {
  it('defaults to localhost:8000 and reads VLLM_HOST / VLLM_API_KEY, explicit options first', () => {
    const plain = new VLLMEngine({ env: {} });
    expect(plain.engineId).toBe('vllm');
    expect(plain.host).toBe('http://localhost:8000');
    expect(plain.openaiBaseUrl).toBe('http://localhost:8000/v1');
    expect(plain.apiKey).toBeUndefined();
    const fromEnv = new VLLMEngine({
      env: { VLLM_HOST: 'gpu-box:8001/v1', VLLM_API_KEY: 'env-key' },
    });
    expect(fromEnv.host).toBe('http://gpu-box:8001');
    expect(fromEnv.apiKey).toBe('env-key');
    const explicit = new VLLMEngine({
      host: 'http://other:9000/v1',
      apiKey: 'arg-key',
      env: { VLLM_HOST: 'gpu-box:8001', VLLM_API_KEY: 'env-key' },
    });
    expect(explicit.host).toBe('http://other:9000');
    expect(explicit.apiKey).toBe('arg-key');
  });

  it('registers as vllm once, and the factory takes config options', () => {
    expect(engineRegistry.has('vllm')).toBe(false);
    expect(registerVLLMEngine()).toBe(engineRegistry);
    try {
      expect(() => registerVLLMEngine()).not.toThrow();
      const engine = engineRegistry.create('vllm', {
        host: 'http://10.0.0.5:8000/v1',
        apiKey: 'k',
      });
      expect(engine).toBeInstanceOf(VLLMEngine);
      expect(engine.host).toBe('http://10.0.0.5:8000');
      expect(deriveOpenAIBaseUrl(new InstrumentedEngine(engine, new EventBus()))).toBe(
        'http://10.0.0.5:8000/v1',
      );
      expect(() => engineRegistry.create('vllm', { requestTimeoutMs: 'soon' })).toThrow(
        InvalidOptionsError,
      );
    } finally {
      engineRegistry.unregister('vllm');
    }
  });
});

describe('VLLMEngine health (fake server from documented wire format)', () => {
  it('is ok when /health and the authenticated /v1/models answer, with version and models', async () => {
    const { engine } = await setup({ apiKey: 'k' }, { apiKey: 'k' });
    const status = await engine.status();
    expect(status).toMatchObject({
      state: 'ok',
      models: ['Qwen/Qwen2.5-1.5B-Instruct'],
      version: '0.11.0',
    });
    expect(await engine.health()).toBe(true);
  });

  it('reads a missing or wrong key as unauthorized (string 401 body), not as down', async () => {
    const { fake } = await setup({ apiKey: 'right' });
    const noKey = new VLLMEngine({ host: fake.url, env: {} });
    const wrongKey = new VLLMEngine({ host: fake.url, apiKey: 'wrong', env: {} });
    closeAfterTest(noKey);
    closeAfterTest(wrongKey);
    const missing = await noKey.status();
    expect(missing.state).toBe('unauthorized');
    expect(missing.detail).toMatch(/none is configured; set VLLM_API_KEY/);
    const rejected = await wrongKey.status();
    expect(rejected.state).toBe('unauthorized');
    expect(rejected.detail).toMatch(/rejected the configured API key/);
    expect(rejected.detail).not.toContain('wrong');
    expect(await wrongKey.health()).toBe(false);
    const error = await rejection(wrongKey.listModels());
    expect(EngineUnauthorizedError.isInstance(error)).toBe(true);
  });

  it('is unhealthy when /health answers 503', async () => {
    const { fake, engine } = await setup();
    fake.setHealthy(false);
    const status = await engine.status();
    expect(status.state).toBe('unhealthy');
    expect(status.detail).toMatch(/503/);
  });

  it('is unreachable on a refused port, mentioning that vLLM listens only once loaded', async () => {
    const engine = new VLLMEngine({ host: await refusedUrl(), env: {} });
    const status = await engine.status();
    expect(status.state).toBe('unreachable');
    expect(status.detail).toMatch(/connection refused.*only listens once its model is loaded/);
  });

  it('settles generate() and stream() on a port fetch refuses, naming the URL and the reason', async () => {
    // Node's fetch rejects such a port at once; the POST must not hang (it did under ky 1.9).
    const engine = new VLLMEngine({ host: badPortUrl(), env: {}, requestTimeoutMs: 3_000 });
    const errors = await chatRejectionsWithin(engine, 'm', 2_000);
    for (const error of [errors.generate, errors.stream]) {
      expect(EngineUnreachableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`${badPortUrl()}${chatPath}`);
      expect((error as Error).message).toContain('bad port');
    }
  });
});

describe('VLLMEngine models and chat (fake server from documented wire format)', () => {
  it('lists models with max_model_len as context length', async () => {
    const { engine } = await setup({ maxModelLen: 8192 });
    expect(await engine.listModels()).toEqual([
      { id: 'Qwen/Qwen2.5-1.5B-Instruct', contextLength: 8192 },
    ]);
    expect(await engine.contextLength('Qwen/Qwen2.5-1.5B-Instruct')).toBe(8192);
    expect(await engine.contextLength('unknown')).toBeUndefined();
  });

  it('generates a plain reply with usage', async () => {
    const { fake, engine } = await setup();
    const result = await engine.generate(user, {
      model: fake.model,
      maxTokens: 32,
      temperature: 0,
    });
    expect(result).toMatchObject({
      content: 'Hello from the fake vLLM.',
      finishReason: 'stop',
      toolCalls: [],
      model: fake.model,
    });
    expect(result.usage.outputTokens).toBe(7);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    const body = fake.requestsTo(chatPath)[0]?.json as Record<string, unknown>;
    expect(body).toMatchObject({ stream: false, max_tokens: 32, temperature: 0 });
    expect(body).not.toHaveProperty('stream_options');
  });

  it('streams content and takes usage from the final choices: [] chunk', async () => {
    const { fake, engine } = await setup();
    const chunks = await collect(engine.stream(user, { model: fake.model }));
    const text = chunks.map((chunk) => (chunk.type === 'content' ? chunk.delta : '')).join('');
    expect(text).toBe('Hello from the fake vLLM.');
    expect(chunks.at(-2)).toEqual({ type: 'finish', finishReason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({ type: 'usage', usage: { outputTokens: 7 } });
    expect(fake.requestsTo(chatPath)[0]?.json).toMatchObject({
      stream_options: { include_usage: true },
    });
  });

  it('assembles a tool call streamed as token fragments', async () => {
    const { fake, engine } = await setup({ autoToolChoice: true });
    const chunks = await collect(engine.stream(user, { model: fake.model, tools: [weatherTool] }));
    const deltas = chunks.filter((chunk) => chunk.type === 'tool_call_delta');
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas[0]).toMatchObject({ index: 0, name: 'get_weather', argumentsDelta: '' });
    const calls = chunks.flatMap((chunk) => (chunk.type === 'tool_call' ? [chunk.toolCall] : []));
    expect(calls).toEqual([
      {
        id: expect.stringMatching(/^chatcmpl-tool-/),
        name: 'get_weather',
        arguments: { city: 'Oslo' },
        rawArguments: '{"city":"Oslo"}',
      },
    ]);
    expect(chunks.find((chunk) => chunk.type === 'finish')).toEqual({
      type: 'finish',
      finishReason: 'tool_calls',
    });
  });

  it('returns tool calls from generate, and forced calls work without the auto flags', async () => {
    const { fake, engine } = await setup();
    const result = await engine.generate(user, {
      model: fake.model,
      tools: [weatherTool],
      toolChoice: 'required',
    });
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toMatchObject([{ name: 'get_weather', arguments: { city: 'Oslo' } }]);
  });

  it('reports arguments cut off under finish_reason length, streamed and not', async () => {
    const { fake, engine } = await setup({ autoToolChoice: true });
    const options = { model: fake.model, tools: [weatherTool], maxTokens: 3 };
    const result = await engine.generate(user, options);
    expect(result.finishReason).toBe('length');
    expect(result.toolCalls[0]).toMatchObject({ rawArguments: '{"city":"', arguments: {} });
    expect(result.toolCalls[0]?.argumentsError).toMatch(/token limit/);
    const chunks = await collect(engine.stream(user, options));
    const streamed = chunks.find((chunk) => chunk.type === 'tool_call');
    expect(streamed).toMatchObject({
      toolCall: { argumentsError: expect.stringMatching(/token limit/) },
    });
    expect(chunks.find((chunk) => chunk.type === 'finish')).toEqual({
      type: 'finish',
      finishReason: 'length',
    });
  });

  it('maps "auto tool choice requires --enable-auto-tool-choice" to ToolsUnsupportedError, without retrying', async () => {
    const { fake, engine } = await setup();
    const implicit = await rejection(
      engine.generate(user, { model: fake.model, tools: [weatherTool] }),
    );
    expect(ToolsUnsupportedError.isInstance(implicit)).toBe(true);
    expect((implicit as Error).message).toMatch(/enable-auto-tool-choice/);
    const explicit = await rejection(
      collect(engine.stream(user, { model: fake.model, tools: [weatherTool], toolChoice: 'auto' })),
    );
    expect(ToolsUnsupportedError.isInstance(explicit)).toBe(true);
    const requests = fake.requestsTo(chatPath);
    expect(requests).toHaveLength(2);
    for (const request of requests) expect(request.json).toHaveProperty('tools');
    expect(requests[0]?.json).not.toHaveProperty('tool_choice');
  });

  it('maps the "maximum context length" 400 to ContextLengthExceededError', async () => {
    const { fake, engine } = await setup({ maxModelLen: 512 });
    const long = [{ role: 'user' as const, content: 'word '.repeat(1000) }];
    const error = await rejection(engine.generate(long, { model: fake.model, maxTokens: 100 }));
    expect(ContextLengthExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ contextLength: 512, inputTokens: 1260 });
    const streamed = await rejection(
      collect(engine.stream(long, { model: fake.model, maxTokens: 100 })),
    );
    expect(ContextLengthExceededError.isInstance(streamed)).toBe(true);
  });

  it('maps an unknown model (404) to ModelNotFoundError', async () => {
    const { engine } = await setup();
    const error = await rejection(engine.generate(user, { model: 'meta-llama/Llama-3-8B' }));
    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ model: 'meta-llama/Llama-3-8B', status: 404 });
  });

  it('fails with EngineStreamError on an error event inside the 200 stream (no [DONE])', async () => {
    const { fake, engine } = await setup();
    fake.queueStreamScript('error-midway');
    const seen: StreamChunk[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of engine.stream(user, { model: fake.model })) seen.push(chunk);
      })(),
    );
    expect(EngineStreamError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/EngineDeadError/);
    expect(seen).toEqual([{ type: 'content', delta: 'Hello' }]);
  });

  it('encodes a tool-result round trip in the OpenAI shape', async () => {
    const { fake, engine } = await setup();
    await engine.generate(
      [
        ...user,
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            {
              id: 'chatcmpl-tool-1',
              name: 'get_weather',
              arguments: { city: 'Oslo' },
              rawArguments: '{"city": "Oslo"}',
            },
          ],
        },
        {
          role: 'tool',
          content: '{"celsius":4}',
          toolCallId: 'chatcmpl-tool-1',
          name: 'get_weather',
        },
      ],
      { model: fake.model, tools: [weatherTool], toolChoice: 'none' },
    );
    const body = fake.requestsTo(chatPath)[0]?.json as {
      messages: unknown[];
      tool_choice: unknown;
    };
    expect(body.tool_choice).toBe('none');
    expect(body.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'chatcmpl-tool-1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city": "Oslo"}' },
          },
        ],
      },
      {
        role: 'tool',
        content: '{"celsius":4}',
        tool_call_id: 'chatcmpl-tool-1',
        name: 'get_weather',
      },
    ]);
  });
});

describe('VLLMEngine transport faults (fake server from documented wire format)', () => {
  it('gives the same chunks when the stream arrives byte by byte', async () => {
    const { fake, engine } = await setup({ autoToolChoice: true });
    const options = { model: fake.model, tools: [weatherTool] };
    const normal = await collect(engine.stream(user, options));
    fake.injectFault({ kind: 'byte-by-byte' }, chatPath);
    expect(await collect(engine.stream(user, options))).toEqual(normal);
  });

  it('fails with EngineStreamError when the stream is cut mid-way', async () => {
    const { fake, engine } = await setup();
    fake.injectFault({ kind: 'cut', afterBytes: 400 }, chatPath);
    const error = await rejection(collect(engine.stream(user, { model: fake.model })));
    expect(EngineStreamError.isInstance(error)).toBe(true);
  });

  it('fails with TimeoutError when the stream stalls', async () => {
    const { fake, engine } = await setup({}, { streamIdleTimeoutMs: 150 });
    fake.injectFault({ kind: 'stall', afterBytes: 400 }, chatPath);
    const error = await rejection(collect(engine.stream(user, { model: fake.model })));
    expect(TimeoutError.isInstance(error)).toBe(true);
  });

  it('rejects with AbortedError when aborted mid-stream and closes the connection', async () => {
    const { fake, engine } = await setup();
    fake.injectFault({ kind: 'stall', afterBytes: 450 }, chatPath);
    const controller = new AbortController();
    const error = await rejection(
      (async () => {
        for await (const chunk of engine.stream(user, {
          model: fake.model,
          signal: controller.signal,
        })) {
          if (chunk.type === 'content') controller.abort();
        }
      })(),
    );
    expect(AbortedError.isInstance(error)).toBe(true);
    await fake.waitForDisconnects(1);
  });
});

describe('VLLMEngine tool support (fake server from documented wire format)', () => {
  it('is no when vLLM was started without its tool flags, yes with them, asked once per model', async () => {
    const without = await setup();
    expect(await without.engine.toolSupport(without.fake.model)).toBe('no');
    expect(await without.engine.toolSupport(without.fake.model)).toBe('no');
    expect(without.fake.requestsTo(chatPath)).toHaveLength(1);
    expect(without.fake.requestsTo(chatPath)[0]?.json).toMatchObject({ max_tokens: 1 });

    const withFlags = await setup({ autoToolChoice: true });
    expect(await withFlags.engine.toolSupport(withFlags.fake.model)).toBe('yes');
  });

  it('is unknown, and asked again later, when the answer says nothing about tools', async () => {
    const { fake, engine } = await setup();
    expect(await engine.toolSupport('not-served')).toBe('unknown');
    expect(await engine.toolSupport('not-served')).toBe('unknown');
    expect(fake.requestsTo(chatPath)).toHaveLength(2);
    const refused = new VLLMEngine({ host: await refusedUrl(), env: {} });
    closeAfterTest(refused);
    expect(await refused.toolSupport('m')).toBe('unknown');
  });
});
