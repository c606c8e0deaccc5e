import {
  ContextLengthExceededError,
  deriveOpenAIBaseUrl,
  EngineHttpError,
  EngineInputError,
  EngineLoadingError,
  EngineStreamError,
  EngineUnauthorizedError,
  EngineUnreachableError,
  EventBus,
  engineRegistry,
  InstrumentedEngine,
  InvalidOptionsError,
  type StreamChunk,
  TimeoutError,
  ToolsUnsupportedError,
} from '@openjarvis/core';
import {
  badPortUrl,
  chatRejectionsWithin,
  collect,
  engineHarness,
  type FakeLlamaCppOptions,
  FakeLlamaCppServer,
  refusedUrl,
  rejection,
  weatherTool,
} from '@openjarvis/testing/fake-engines';
import { afterEach, describe, expect, it } from 'vitest';
import { LlamaCppEngine } from './llamacpp-engine.js';
import type { LlamaCppEngineOptions } from './llamacpp-options.js';
import { registerLlamaCppEngine } from './register.js';

const user = [{ role: 'user' as const, content: 'Weather in Paris?' }];
const chatPath = '/v1/chat/completions';
/**
 * The request that made the recorded llama-server (bare-JSON tool template, tiny random model)
 * call `get_weather`: a random model never emits a call trigger by itself, so the call is
 * required, single, at temperature 0, with `logit_bias` on the GPT-2 tokens `{` (90) and `{"`
 * (4895), which the bare-JSON template makes the trigger.
 */
const forcedCall = {
  model: 'tiny',
  maxTokens: 60,
  temperature: 0,
  tools: [weatherTool],
  toolChoice: 'required' as const,
  extraBody: {
    parallel_tool_calls: false,
    logit_bias: [
      [90, 30],
      [4895, 30],
    ],
  },
};

const { setup, closeAfterTest } = engineHarness({
  afterEach,
  startFake: (options: FakeLlamaCppOptions | undefined) => FakeLlamaCppServer.start(options),
  makeEngine: (fake, options: LlamaCppEngineOptions | undefined) =>
    new LlamaCppEngine({ host: fake.url, env: {}, ...options }),
});

describe('LlamaCppEngine configuration', () => {
  it('defaults to localhost:8080 and reads LLAMACPP_HOST / LLAMACPP_API_KEY', () => {
    const plain = new LlamaCppEngine({ env: {} });
    expect(plain).toMatchObject({ engineId: 'llamacpp', host: 'http://localhost:8080' });
    expect(plain.openaiBaseUrl).toBe('http://localhost:8080/v1');
    const fromEnv = new LlamaCppEngine({
      env: { LLAMACPP_HOST: 'http://127.0.0.1:18080/v1', LLAMACPP_API_KEY: 'sekret' },
    });
    expect(fromEnv.host).toBe('http://127.0.0.1:18080');
    expect(fromEnv.apiKey).toBe('sekret');
    expect(() => new LlamaCppEngine({ env: {}, toolsUnsupported: 'ignore' as 'warn' })).toThrow(
      EngineInputError,
    );
  });

  it('registers as llamacpp once; the factory takes host, apiKey and toolsUnsupported', () => {
    expect(engineRegistry.has('llamacpp')).toBe(false);
    expect(registerLlamaCppEngine()).toBe(engineRegistry);
    try {
      expect(() => registerLlamaCppEngine()).not.toThrow();
      const engine = engineRegistry.create('llamacpp', {
        host: 'http://127.0.0.1:18080/v1',
        apiKey: 'sekret',
        toolsUnsupported: 'warn',
      });
      expect(engine).toBeInstanceOf(LlamaCppEngine);
      expect(deriveOpenAIBaseUrl(new InstrumentedEngine(engine, new EventBus()))).toBe(
        'http://127.0.0.1:18080/v1',
      );
      expect(() => engineRegistry.create('llamacpp', { toolsUnsupported: 'drop' })).toThrow(
        InvalidOptionsError,
      );
    } finally {
      engineRegistry.unregister('llamacpp');
    }
  });
});

describe('LlamaCppEngine health (recorded llama-server replies)', () => {
  it('is ok with the served alias', async () => {
    const { engine } = await setup();
    expect(await engine.status()).toMatchObject({ state: 'ok', models: ['tiny-llama'] });
  });

  it('is loading while every route answers 503 unavailable_error, and chat says so', async () => {
    const { fake, engine } = await setup({ loading: true });
    const status = await engine.status();
    expect(status.state).toBe('loading');
    expect(status.detail).toMatch(/Loading model/);
    expect(await engine.health()).toBe(false);
    expect(
      EngineLoadingError.isInstance(await rejection(engine.generate(user, { model: 'tiny' }))),
    ).toBe(true);
    fake.setLoading(false);
    expect(await engine.health()).toBe(true);
  });

  it('is unauthorized, not down, with --api-key and no or a wrong key; Bearer works', async () => {
    const { fake } = await setup({ apiKey: 'sekret' });
    const none = new LlamaCppEngine({ host: fake.url, env: {} });
    const wrong = new LlamaCppEngine({ host: fake.url, apiKey: 'nope', env: {} });
    const right = new LlamaCppEngine({ host: fake.url, apiKey: 'sekret', env: {} });
    closeAfterTest(none);
    closeAfterTest(wrong);
    closeAfterTest(right);
    expect((await none.status()).state).toBe('unauthorized');
    expect((await wrong.status()).detail).toMatch(/LLAMACPP_API_KEY/);
    expect(
      EngineUnauthorizedError.isInstance(await rejection(wrong.generate(user, { model: 'tiny' }))),
    ).toBe(true);
    expect(await right.status()).toMatchObject({ state: 'ok', models: ['tiny'] });
    expect((await right.generate(user, { model: 'tiny' })).content).not.toBe('');
  });

  it('is unreachable on a refused port', async () => {
    const engine = new LlamaCppEngine({ host: await refusedUrl(), env: {} });
    expect((await engine.status()).state).toBe('unreachable');
  });

  it('settles generate() and stream() on a port fetch refuses, naming the URL and the reason', async () => {
    // Node's fetch rejects such a port at once; the POST must not hang (it did under ky 1.9).
    const engine = new LlamaCppEngine({ host: badPortUrl(), env: {}, requestTimeoutMs: 3_000 });
    const errors = await chatRejectionsWithin(engine, 'tiny', 2_000);
    for (const error of [errors.generate, errors.stream]) {
      expect(EngineUnreachableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`${badPortUrl()}${chatPath}`);
      expect((error as Error).message).toContain('bad port');
    }
  });
});

describe('LlamaCppEngine models and chat (recorded llama-server replies)', () => {
  it('lists models with meta.n_ctx, and any model name gets the single served window', async () => {
    const { engine } = await setup();
    expect(await engine.listModels()).toEqual([{ id: 'tiny-llama', contextLength: 2048 }]);
    expect(await engine.contextLength('tiny-llama')).toBe(2048);
    expect(await engine.contextLength('whatever-the-config-says')).toBe(2048);
  });

  it('generates, with usage and cached prompt tokens', async () => {
    const { engine } = await setup();
    const result = await engine.generate(user, { model: 'tiny', maxTokens: 5 });
    expect(result).toMatchObject({
      content: ' Show asym cinemat Nevertheless principale',
      finishReason: 'length',
      model: 'tiny-llama',
      usage: { inputTokens: 29, outputTokens: 5, cacheReadTokens: 0 },
    });
  });

  it('ignores the model name, as llama-server does', async () => {
    const { fake, engine } = await setup();
    fake.queueChatReply('chat_unknown_model');
    expect((await engine.generate(user, { model: 'does-not-exist' })).model).toBe('tiny');
  });

  it('streams content, finish, then usage from the choices: [] chunk', async () => {
    const { fake, engine } = await setup();
    const chunks = await collect(engine.stream(user, { model: 'tiny', maxTokens: 3 }));
    expect(chunks).toEqual([
      { type: 'content', delta: ' Show' },
      { type: 'content', delta: ' asym' },
      { type: 'content', delta: ' cinemat' },
      { type: 'finish', finishReason: 'length' },
      {
        type: 'usage',
        usage: { inputTokens: 29, outputTokens: 3, cacheReadTokens: 28 },
      },
    ]);
    expect(fake.requestsTo(chatPath)[0]?.json).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('assembles the recorded character-level tool-call stream, with the forcing fields passed through', async () => {
    const { fake, engine } = await setup();
    const chunks = await collect(engine.stream(user, forcedCall));
    expect(chunks.filter((chunk) => chunk.type === 'tool_call_delta')).toHaveLength(11);
    const tail = chunks.filter((chunk) => chunk.type !== 'tool_call_delta');
    expect(tail).toEqual([
      {
        type: 'tool_call',
        toolCall: {
          id: 'kwAFehZix2KvElPEU4FHsHPsbmKEMWBx',
          name: 'get_weather',
          arguments: { city: 'Oslo' },
          rawArguments: '{"city":"Oslo"}',
        },
      },
      { type: 'finish', finishReason: 'tool_calls' },
      {
        type: 'usage',
        usage: { inputTokens: 138, outputTokens: 33, cacheReadTokens: 137 },
      },
    ]);
    expect(fake.requestsTo(chatPath)[0]?.json).toMatchObject({
      tool_choice: 'required',
      parallel_tool_calls: false,
      logit_bias: [
        [90, 30],
        [4895, 30],
      ],
      max_tokens: 60,
      temperature: 0,
    });
  });

  it('survives the tool-call stream arriving byte by byte', async () => {
    const { fake, engine } = await setup();
    const normal = await collect(engine.stream(user, forcedCall));
    fake.injectFault({ kind: 'byte-by-byte' }, chatPath);
    expect(await collect(engine.stream(user, forcedCall))).toEqual(normal);
  });

  it('returns the forced call from generate', async () => {
    const { engine } = await setup();
    const result = await engine.generate(user, forcedCall);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([
      {
        id: 'v7nAWhsJTYVwzpfwA5SivJLLzhReN3cg',
        name: 'get_weather',
        arguments: { city: 'Oslo' },
        rawArguments: '{"city":"Oslo"}',
      },
    ]);
  });

  it('reports the second call cut off at max_tokens in argumentsError (recorded)', async () => {
    const { engine } = await setup();
    const result = await engine.generate(user, { ...forcedCall, extraBody: {} });
    expect(result.finishReason).toBe('length');
    expect(result.toolCalls).toHaveLength(2);
    expect(result.toolCalls[0]?.argumentsError).toBeUndefined();
    expect(result.toolCalls[1]).toMatchObject({ rawArguments: '{"city":"Oslo"', arguments: {} });
    expect(result.toolCalls[1]?.argumentsError).toMatch(/finish_reason "length"/);
  });

  it('sends a tool-result round trip the server accepts', async () => {
    const { fake, engine } = await setup();
    const result = await engine.generate(
      [
        ...user,
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            {
              id: 'v7nAWhsJTYVwzpfwA5SivJLLzhReN3cg',
              name: 'get_weather',
              arguments: { city: 'Oslo' },
              rawArguments: '{"city":"Oslo"}',
            },
          ],
        },
        { role: 'tool', content: '{"celsius":4}', toolCallId: 'v7nAWhsJTYVwzpfwA5SivJLLzhReN3cg' },
      ],
      { model: 'tiny', maxTokens: 4 },
    );
    expect(result.usage.inputTokens).toBe(182);
    const body = fake.requestsTo(chatPath)[0]?.json as { messages: unknown[] } | undefined;
    const messages = body?.messages ?? [];
    expect(messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'v7nAWhsJTYVwzpfwA5SivJLLzhReN3cg',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
          },
        ],
      },
      { role: 'tool', content: '{"celsius":4}', tool_call_id: 'v7nAWhsJTYVwzpfwA5SivJLLzhReN3cg' },
    ]);
  });

  it('maps exceed_context_size_error to ContextLengthExceededError, streamed or not', async () => {
    const { engine } = await setup();
    const long = [{ role: 'user' as const, content: 'x'.repeat(12_000) }];
    for (const attempt of [
      engine.generate(long, { model: 'tiny' }),
      collect(engine.stream(long, { model: 'tiny' })),
    ]) {
      const error = await rejection(attempt);
      expect(ContextLengthExceededError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ inputTokens: 3027, contextLength: 2048, status: 400 });
    }
  });

  it('reports the 500 parse error as it is, and the same error mid-stream as EngineStreamError', async () => {
    const { fake, engine } = await setup();
    fake.queueChatReply('chat_tools_auto_parse_error');
    const plain = await rejection(engine.generate(user, { model: 'tiny', tools: [weatherTool] }));
    expect(EngineHttpError.isInstance(plain)).toBe(true);
    expect(plain).toMatchObject({ status: 500 });
    expect(fake.requestsTo(chatPath)).toHaveLength(1);
    fake.queueChatReply('chat_tools_auto_parse_error_stream');
    const seen: StreamChunk[] = [];
    const streamed = await rejection(
      (async () => {
        for await (const chunk of engine.stream(user, { model: 'tiny', tools: [weatherTool] }))
          seen.push(chunk);
      })(),
    );
    expect(EngineStreamError.isInstance(streamed)).toBe(true);
    expect((streamed as Error).message).toMatch(/peg-native format/);
    expect(seen).toEqual([]);
  });

  it('fails with EngineStreamError when the stream is cut mid-way', async () => {
    const { fake, engine } = await setup();
    fake.injectFault({ kind: 'cut', afterBytes: 1200 }, chatPath);
    const error = await rejection(collect(engine.stream(user, forcedCall)));
    expect(EngineStreamError.isInstance(error)).toBe(true);
  });

  it('fails with TimeoutError when the stream stalls', async () => {
    const { fake, engine } = await setup({}, { streamIdleTimeoutMs: 150 });
    fake.injectFault({ kind: 'stall', afterBytes: 1200 }, chatPath);
    const error = await rejection(collect(engine.stream(user, forcedCall)));
    expect(TimeoutError.isInstance(error)).toBe(true);
  });
});

describe('LlamaCppEngine tool support check (/props chat_template_caps)', () => {
  it('refuses tools the template cannot use, before sending the chat', async () => {
    const { fake, engine } = await setup({ toolTemplate: false });
    const error = await rejection(engine.generate(user, forcedCall));
    expect(ToolsUnsupportedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/--jinja/);
    expect(fake.requestsTo(chatPath)).toHaveLength(0);
    expect(
      ToolsUnsupportedError.isInstance(await rejection(collect(engine.stream(user, forcedCall)))),
    ).toBe(true);
    expect(fake.requestsTo('/props')).toHaveLength(1);
  });

  it("warns and sends with toolsUnsupported: 'warn'", async () => {
    const warnings: string[] = [];
    const { fake, engine } = await setup(
      { toolTemplate: false },
      { toolsUnsupported: 'warn', onWarning: (message) => warnings.push(message) },
    );
    await engine.generate(user, forcedCall);
    expect(warnings).toHaveLength(1);
    expect(fake.requestsTo(chatPath)).toHaveLength(1);
  });

  it('does not consult /props without tools or with toolChoice none, and passes tool-aware templates', async () => {
    const { fake, engine } = await setup();
    await engine.generate(user, { model: 'tiny' });
    await engine.generate(user, { model: 'tiny', tools: [weatherTool], toolChoice: 'none' });
    expect(fake.requestsTo('/props')).toHaveLength(0);
    await engine.generate(user, forcedCall);
    expect(fake.requestsTo('/props')).toHaveLength(1);
  });
});
