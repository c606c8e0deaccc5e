import {
  AbortedError,
  deriveOpenAIBaseUrl,
  EngineInputError,
  EngineStreamError,
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
  FakeHttpServer,
  type FakeOllamaOptions,
  FakeOllamaServer,
  jsonReply,
  refusedUrl,
  rejection,
  weatherTool,
} from '@openjarvis/testing/fake-engines';
import { afterEach, describe, expect, it } from 'vitest';
import { OllamaEngine } from './ollama-engine.js';
import type { OllamaEngineOptions } from './ollama-options.js';
import { registerOllamaEngine } from './register.js';

const user = [{ role: 'user' as const, content: 'What is the weather in Oslo?' }];
const model = 'llama3.2:3b';
const chatPath = '/api/chat';
const { setup, closeAfterTest } = engineHarness({
  afterEach,
  startFake: (options: FakeOllamaOptions | undefined) => FakeOllamaServer.start(options),
  makeEngine: (fake, options: OllamaEngineOptions | undefined) =>
    new OllamaEngine({ host: fake.url, env: {}, ...options }),
});

describe('OllamaEngine configuration', () => {
  it('defaults to localhost:11434 and normalises OLLAMA_HOST as a bind address', () => {
    expect(new OllamaEngine({ env: {} }).host).toBe('http://localhost:11434');
    expect(new OllamaEngine({ env: { OLLAMA_HOST: '0.0.0.0' } }).host).toBe(
      'http://127.0.0.1:11434',
    );
    expect(new OllamaEngine({ env: { OLLAMA_HOST: ':11500' } }).openaiBaseUrl).toBe(
      'http://127.0.0.1:11500/v1',
    );
    expect(new OllamaEngine({ env: { OLLAMA_HOST: '  ' } }).host).toBe('http://localhost:11434');
  });

  it('takes an explicit host over OLLAMA_HOST: a URL as given (one /v1 stripped), a bare address like OLLAMA_HOST', () => {
    const env = { OLLAMA_HOST: '0.0.0.0:1' };
    expect(new OllamaEngine({ host: 'http://proxy.example/ollama/v1', env }).host).toBe(
      'http://proxy.example/ollama',
    );
    expect(new OllamaEngine({ host: 'gpu-box', env }).host).toBe('http://gpu-box:11434');
    expect(() => new OllamaEngine({ env: { OLLAMA_HOST: 'box:abc' } })).toThrow(EngineInputError);
    expect(() => new OllamaEngine({ env: {}, numCtx: 0 })).toThrow(/numCtx/);
  });

  it('registers as ollama once; the factory takes config options', () => {
    expect(engineRegistry.has('ollama')).toBe(false);
    expect(registerOllamaEngine()).toBe(engineRegistry);
    try {
      expect(() => registerOllamaEngine()).not.toThrow();
      const engine = engineRegistry.create('ollama', {
        host: 'http://127.0.0.1:11434',
        numCtx: 16384,
        keepAlive: '10m',
      });
      expect(engine).toBeInstanceOf(OllamaEngine);
      expect(engine.engineId).toBe('ollama');
      expect(deriveOpenAIBaseUrl(new InstrumentedEngine(engine, new EventBus()))).toBe(
        'http://127.0.0.1:11434/v1',
      );
      expect(() => engineRegistry.create('ollama', { think: 'yes' })).toThrow(InvalidOptionsError);
    } finally {
      engineRegistry.unregister('ollama');
    }
  });
});

describe('OllamaEngine health (fake server from documented wire format)', () => {
  it('is ok with version and pulled models', async () => {
    const { engine } = await setup();
    expect(await engine.status()).toMatchObject({
      state: 'ok',
      version: '0.12.6',
      models: ['llama3.2:3b', 'gemma:2b'],
    });
    expect(await engine.health()).toBe(true);
  });

  it('is unreachable on a refused port', async () => {
    const engine = new OllamaEngine({ host: await refusedUrl(), env: {} });
    const status = await engine.status();
    expect(status.state).toBe('unreachable');
    expect(status.detail).toMatch(/connection refused/);
  });

  it('settles generate() and stream() on a port fetch refuses, naming the URL and the reason', async () => {
    // Node's fetch rejects such a port at once; the POST must not hang (it did under ky 1.9).
    const engine = new OllamaEngine({ host: badPortUrl(), env: {}, requestTimeoutMs: 3_000 });
    const errors = await chatRejectionsWithin(engine, model, 2_000);
    for (const error of [errors.generate, errors.stream]) {
      expect(EngineUnreachableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`${badPortUrl()}${chatPath}`);
      expect((error as Error).message).toContain('bad port');
    }
  });

  it('is unauthorized behind a proxy that wants a key, and unhealthy on a server error', async () => {
    let answer = 401;
    const proxy = await FakeHttpServer.start(() => jsonReply(answer, { error: 'nope' }));
    const engine = new OllamaEngine({ host: proxy.url, env: {} });
    closeAfterTest(engine);
    closeAfterTest(proxy);
    expect((await engine.status()).state).toBe('unauthorized');
    answer = 500;
    expect((await engine.status()).state).toBe('unhealthy');
  });
});

describe('OllamaEngine models and chat (fake server from documented wire format)', () => {
  it('lists pulled models by name', async () => {
    const { engine } = await setup();
    expect(await engine.listModels()).toEqual([{ id: 'llama3.2:3b' }, { id: 'gemma:2b' }]);
  });

  it('finds the context length: numCtx option, Modelfile num_ctx, then model_info', async () => {
    const { fake, engine } = await setup({
      models: [
        { name: 'llama3.2:3b' },
        { name: 'qwen3:4b', family: 'qwen3', numCtx: 8192, contextLength: 40960 },
      ],
    });
    expect(await engine.contextLength('llama3.2:3b')).toBe(131_072);
    expect(await engine.contextLength('qwen3:4b')).toBe(8192);
    expect(fake.requestsTo('/api/show')[0]?.json).toEqual({ model: 'llama3.2:3b' });
    expect(ModelNotFoundError.isInstance(await rejection(engine.contextLength('nope:1b')))).toBe(
      true,
    );
    const fixed = new OllamaEngine({ host: fake.url, env: {}, numCtx: 16384 });
    closeAfterTest(fixed);
    expect(await fixed.contextLength('llama3.2:3b')).toBe(16384);
    expect(fake.requestsTo('/api/show')).toHaveLength(3);
  });

  it('tells the window of /v1 clients: Modelfile num_ctx, else the loaded window, never numCtx', async () => {
    const { fake } = await setup({
      models: [
        { name: 'llama3.2:3b' },
        { name: 'qwen3:4b', family: 'qwen3', numCtx: 8192, contextLength: 40960 },
        { name: 'qwen3:8b', family: 'qwen3', loadedContextLength: 4096 },
      ],
    });
    // numCtx only travels with native requests; opencode on /v1 never gets it.
    const engine = new OllamaEngine({ host: fake.url, env: {}, numCtx: 32768 });
    closeAfterTest(engine);
    expect(await engine.openaiContextLength('qwen3:4b')).toBe(8192);
    expect(await engine.openaiContextLength('qwen3:8b')).toBe(4096);
    // Not loaded, no Modelfile num_ctx: the server default applies, which Ollama does not tell.
    expect(await engine.openaiContextLength('llama3.2:3b')).toBeUndefined();
    expect(fake.requestsTo('/api/ps')).toHaveLength(2);
  });

  it("tells tool support from /api/show's capabilities", async () => {
    const { engine } = await setup();
    expect(await engine.toolSupport('llama3.2:3b')).toBe('yes');
    expect(await engine.toolSupport('gemma:2b')).toBe('no');
    expect(ModelNotFoundError.isInstance(await rejection(engine.toolSupport('nope:1b')))).toBe(
      true,
    );
  });

  it('leaves tool support unknown for a server too old to report capabilities', async () => {
    const old = await FakeHttpServer.start(() =>
      jsonReply(200, { parameters: '', model_info: {} }),
    );
    const engine = new OllamaEngine({ host: old.url, env: {} });
    closeAfterTest(engine);
    closeAfterTest(old);
    expect(await engine.toolSupport('llama3.2:3b')).toBe('unknown');
  });

  it('generates with stream:false sent explicitly, think:false, and options', async () => {
    const { fake, engine } = await setup({}, { numCtx: 16384, keepAlive: '10m' });
    const result = await engine.generate(user, { model, temperature: 0.2, maxTokens: 100 });
    expect(result).toMatchObject({
      content: 'Hello from the fake Ollama.',
      finishReason: 'stop',
      toolCalls: [],
      model,
      usage: { outputTokens: 6 },
    });
    expect(fake.requestsTo(chatPath)[0]?.json).toMatchObject({
      model,
      stream: false,
      think: false,
      keep_alive: '10m',
      options: { temperature: 0.2, num_predict: 100, num_ctx: 16384 },
    });
  });

  it('streams NDJSON content, then finish and usage from the done line', async () => {
    const { fake, engine } = await setup();
    const chunks = await collect(engine.stream(user, { model, maxTokens: 3 }));
    expect(chunks).toEqual([
      { type: 'content', delta: 'Hello' },
      { type: 'content', delta: ' from' },
      { type: 'content', delta: ' the' },
      { type: 'finish', finishReason: 'length' },
      { type: 'usage', usage: { inputTokens: 15, outputTokens: 3 } },
    ]);
    expect(fake.requestsTo(chatPath)[0]?.json).toMatchObject({ stream: true });
  });

  it('reports whole tool calls with object arguments, synthesising call_<n> ids and the tool_calls finish', async () => {
    const { engine } = await setup();
    const chunks = await collect(engine.stream(user, { model, tools: [weatherTool] }));
    expect(chunks.slice(0, 3)).toEqual([
      { type: 'tool_call_delta', index: 0, name: 'get_weather', argumentsDelta: '{"city":"Oslo"}' },
      {
        type: 'tool_call',
        toolCall: {
          id: 'call_0',
          name: 'get_weather',
          arguments: { city: 'Oslo' },
          rawArguments: '{"city":"Oslo"}',
        },
      },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
    const result = await engine.generate(user, { model, tools: [weatherTool] });
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([
      {
        id: 'call_0',
        name: 'get_weather',
        arguments: { city: 'Oslo' },
        rawArguments: '{"city":"Oslo"}',
      },
    ]);
  });

  it("keeps the engine's tool-call id when newer servers send one", async () => {
    const { engine } = await setup({ toolCallIds: true });
    const result = await engine.generate(user, { model, tools: [weatherTool] });
    expect(result.toolCalls[0]?.id).toBe('call_k3x9q2');
  });

  it('encodes a tool-result round trip natively: object arguments, tool_name found by call id', async () => {
    const { fake, engine } = await setup();
    await engine.generate(
      [
        ...user,
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            {
              id: 'call_0',
              name: 'get_weather',
              arguments: { city: 'Oslo' },
              rawArguments: '{"city":"Oslo"}',
            },
          ],
        },
        { role: 'tool', content: '{"celsius":4}', toolCallId: 'call_0' },
      ],
      { model, tools: [weatherTool], toolChoice: 'none' },
    );
    const body = fake.requestsTo(chatPath)[0]?.json as { messages: unknown[] };
    expect(body).not.toHaveProperty('tools');
    expect(body.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_0', function: { name: 'get_weather', arguments: { city: 'Oslo' } } },
        ],
      },
      { role: 'tool', content: '{"celsius":4}', tool_name: 'get_weather', tool_call_id: 'call_0' },
    ]);
  });

  it('warns once that a forced toolChoice cannot be enforced', async () => {
    const warnings: string[] = [];
    const { engine } = await setup({}, { onWarning: (message) => warnings.push(message) });
    await engine.generate(user, { model, tools: [weatherTool], toolChoice: 'required' });
    await engine.generate(user, { model, tools: [weatherTool], toolChoice: 'required' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot force a tool call/);
  });

  it('maps "does not support tools" to ToolsUnsupportedError, without retrying', async () => {
    const { fake, engine } = await setup();
    const error = await rejection(
      engine.generate(user, { model: 'gemma:2b', tools: [weatherTool] }),
    );
    expect(ToolsUnsupportedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400 });
    expect(fake.requestsTo(chatPath)).toHaveLength(1);
    expect(
      ToolsUnsupportedError.isInstance(
        await rejection(collect(engine.stream(user, { model: 'gemma:2b', tools: [weatherTool] }))),
      ),
    ).toBe(true);
  });

  it('maps a model that is not pulled (404) to ModelNotFoundError', async () => {
    const { engine } = await setup();
    const error = await rejection(engine.generate(user, { model: 'mistral:7b' }));
    expect(error).toMatchObject({ name: 'ModelNotFoundError', model: 'mistral:7b', status: 404 });
  });

  it('fails with EngineStreamError on an error line inside the 200 stream', async () => {
    const { fake, engine } = await setup();
    fake.queueStreamScript('error-line');
    const seen: StreamChunk[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of engine.stream(user, { model })) seen.push(chunk);
      })(),
    );
    expect(EngineStreamError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/unexpected EOF/);
    expect(seen).toHaveLength(2);
  });

  it('fails with EngineStreamError when the stream ends without a done line', async () => {
    const { fake, engine } = await setup();
    fake.queueStreamScript('no-done');
    const error = await rejection(collect(engine.stream(user, { model })));
    expect((error as Error).message).toMatch(/without its final "done": true line/);
  });
});

describe('OllamaEngine transport faults (fake server from documented wire format)', () => {
  it('gives the same chunks when lines arrive byte by byte', async () => {
    const { fake, engine } = await setup();
    const normal = await collect(engine.stream(user, { model, tools: [weatherTool] }));
    fake.injectFault({ kind: 'byte-by-byte' }, chatPath);
    expect(await collect(engine.stream(user, { model, tools: [weatherTool] }))).toEqual(normal);
  });

  it('fails with EngineStreamError when the stream is cut mid-way', async () => {
    const { fake, engine } = await setup();
    fake.injectFault({ kind: 'cut', afterBytes: 250 }, chatPath);
    const error = await rejection(collect(engine.stream(user, { model })));
    expect(EngineStreamError.isInstance(error)).toBe(true);
  });

  it('fails with TimeoutError when the stream stalls', async () => {
    const { fake, engine } = await setup({}, { streamIdleTimeoutMs: 150 });
    fake.injectFault({ kind: 'stall', afterBytes: 250 }, chatPath);
    const error = await rejection(collect(engine.stream(user, { model })));
    expect(TimeoutError.isInstance(error)).toBe(true);
  });
  it('rejects with AbortedError when aborted mid-stream and closes the connection', async () => {
    const { fake, engine } = await setup();
    fake.injectFault({ kind: 'stall', afterBytes: 250 }, chatPath);
    const controller = new AbortController();
    const error = await rejection(
      (async () => {
        for await (const chunk of engine.stream(user, { model, signal: controller.signal })) {
          if (chunk.type === 'content') controller.abort();
        }
      })(),
    );
    expect(AbortedError.isInstance(error)).toBe(true);
    await fake.waitForDisconnects(1);
  });

  it('reports a redirect instead of following it', async () => {
    const { fake, engine } = await setup();
    fake.injectFault(
      { kind: 'redirect', status: 308, location: 'https://ollama.example/api/chat' },
      chatPath,
    );
    const error = await rejection(engine.generate(user, { model }));
    expect(error).toMatchObject({ name: 'EngineHttpError', status: 308 });
  });
});
