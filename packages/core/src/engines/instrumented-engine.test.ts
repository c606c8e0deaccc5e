import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../events/event-bus.js';
import type { EventOf } from '../events/jarvis-event.js';
import { ScriptedEngine } from '../test-support/scripted-engine.js';
import type { GenerateOptions, StreamChunk } from './inference-engine.js';
import { InstrumentedEngine } from './instrumented-engine.js';
import type { ChatMessage } from './messages.js';

const messages: ChatMessage[] = [
  { role: 'system', content: 's' },
  { role: 'user', content: 'u' },
];
const options: GenerateOptions = { model: 'm1' };
const usage = { inputTokens: 10, outputTokens: 20 };

/** performance.now under the test's control: each step of a scripted stream may move it. */
let now = 0;
beforeEach(() => {
  now = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** An engine whose stream moves the clock to `at` before yielding each chunk, then maybe throws. */
class TimedStreamEngine extends ScriptedEngine {
  constructor(
    readonly steps: { at: number; chunk: StreamChunk }[],
    readonly failAt?: { at: number; error: unknown },
  ) {
    super({ engineId: 'timed', host: 'https://engine.example' });
  }

  override async *stream(): AsyncGenerator<StreamChunk, void, undefined> {
    for (const step of this.steps) {
      now = step.at;
      yield step.chunk;
    }
    if (this.failAt !== undefined) {
      now = this.failAt.at;
      throw this.failAt.error;
    }
  }
}

function recordingBus() {
  return new EventBus({ recordHistory: true });
}

describe('InstrumentedEngine.generate', () => {
  it('emits inference_start, inference_end and telemetry_record, tagged', async () => {
    const bus = recordingBus();
    const inner = new ScriptedEngine({
      engineId: 'ollama',
      host: 'http://localhost:11434',
      reply: () => {
        now = 1500;
        return { content: 'hi', usage };
      },
    });
    const engine = new InstrumentedEngine(inner, bus, { agent: 'simple', runId: 'r1' });
    const result = await engine.generate(messages, options);

    expect(result.content).toBe('hi');
    expect(bus.history.map((e) => e.type)).toEqual([
      'inference_start',
      'inference_end',
      'telemetry_record',
    ]);
    const [start, end, telemetry] = bus.history as [
      EventOf<'inference_start'>,
      EventOf<'inference_end'>,
      EventOf<'telemetry_record'>,
    ];
    expect(start.data).toEqual({
      inferenceId: expect.stringMatching(/^inf_/),
      engine: 'ollama',
      model: 'm1',
      messageCount: 2,
      stream: false,
      agent: 'simple',
      runId: 'r1',
      server: { address: 'localhost', port: 11434 },
    });
    expect(end.data).toEqual({
      ...start.data,
      latencyMs: 500,
      ttftMs: 500,
      usage,
      finishReason: 'stop',
      throughputTokensPerSecond: 40,
    });
    expect(telemetry.data.record).toEqual({
      timestamp: expect.any(Number),
      engine: 'ollama',
      model: 'm1',
      latencyMs: 500,
      ttftMs: 500,
      usage: { inputTokens: 10, outputTokens: 20 },
      throughputTokensPerSecond: 40,
      stream: false,
      agent: 'simple',
    });
  });

  it('omits the server when the host is not a URL', async () => {
    const bus = recordingBus();
    await new InstrumentedEngine(new ScriptedEngine({ host: 'not a url' }), bus).generate(
      messages,
      options,
    );
    expect(bus.history[0]?.data).not.toHaveProperty('server');
  });

  it('gives each call its own inference id', async () => {
    const bus = recordingBus();
    const engine = new InstrumentedEngine(new ScriptedEngine(), bus);
    await engine.generate(messages, options);
    await engine.generate(messages, options);
    const ids = bus.history
      .filter((e): e is EventOf<'inference_start'> => e.type === 'inference_start')
      .map((e) => e.data.inferenceId);
    expect(new Set(ids).size).toBe(2);
  });

  it('on failure emits inference_end with the error, no telemetry, and rethrows', async () => {
    const bus = recordingBus();
    const failure = new RangeError('bad request');
    const engine = new InstrumentedEngine(
      new ScriptedEngine({ reply: () => ({ error: failure }) }),
      bus,
    );
    await expect(engine.generate(messages, options)).rejects.toBe(failure);
    expect(bus.history.map((e) => e.type)).toEqual(['inference_start', 'inference_end']);
    expect(bus.history[1]?.data).toMatchObject({
      error: { message: 'bad request' },
      errorType: 'RangeError',
    });
  });

  it('describes a non-Error failure as text', async () => {
    const bus = recordingBus();
    const engine = new InstrumentedEngine(
      new ScriptedEngine({ reply: () => ({ error: 'plain string' }) }),
      bus,
    );
    await expect(engine.generate(messages, options)).rejects.toBe('plain string');
    expect(bus.history[1]?.data).toMatchObject({
      error: { message: 'plain string' },
      errorType: 'Error',
    });
  });
});

describe('InstrumentedEngine.stream', () => {
  it('emits start before the first chunk and end after the last, with TTFT and throughput', async () => {
    const bus = recordingBus();
    const inner = new TimedStreamEngine([
      { at: 1100, chunk: { type: 'reasoning', delta: 'hm' } },
      { at: 1300, chunk: { type: 'content', delta: 'a' } },
      { at: 1600, chunk: { type: 'finish', finishReason: 'stop' } },
      { at: 1600, chunk: { type: 'usage', usage } },
    ]);
    const engine = new InstrumentedEngine(inner, bus, { agent: 'simple' });
    const iterable = engine.stream(messages, options);
    expect(bus.history).toEqual([]);

    const seen: StreamChunk[] = [];
    for await (const chunk of iterable) {
      if (seen.length === 0) expect(bus.history.map((e) => e.type)).toEqual(['inference_start']);
      seen.push(chunk);
    }
    expect(seen).toHaveLength(4);
    expect(bus.history.map((e) => e.type)).toEqual([
      'inference_start',
      'inference_end',
      'telemetry_record',
    ]);
    const end = bus.history[1] as EventOf<'inference_end'>;
    expect(end.data).toMatchObject({
      engine: 'timed',
      stream: true,
      latencyMs: 600,
      ttftMs: 100,
      usage,
      finishReason: 'stop',
      // 20 completion tokens over the 500 ms after the first token
      throughputTokensPerSecond: 40,
      server: { address: 'engine.example', port: 443 },
    });
    const telemetry = bus.history[2] as EventOf<'telemetry_record'>;
    expect(telemetry.data.record).toMatchObject({
      stream: true,
      ttftMs: 100,
      latencyMs: 600,
      agent: 'simple',
    });
  });

  it('measures TTFT to the first content, reasoning or tool-call chunk, not to finish or usage', async () => {
    const bus = recordingBus();
    const inner = new TimedStreamEngine([
      { at: 1050, chunk: { type: 'usage', usage } },
      { at: 1100, chunk: { type: 'finish', finishReason: 'tool_calls' } },
      { at: 1250, chunk: { type: 'tool_call_delta', index: 0, argumentsDelta: '{' } },
    ]);
    for await (const _ of new InstrumentedEngine(inner, bus).stream(messages, options)) {
      // drain
    }
    expect(bus.history[1]?.data).toMatchObject({ ttftMs: 250, finishReason: 'tool_calls' });
  });

  it('has no TTFT when no token came', async () => {
    const bus = recordingBus();
    const inner = new TimedStreamEngine([
      { at: 1010, chunk: { type: 'finish', finishReason: 'stop' } },
    ]);
    for await (const _ of new InstrumentedEngine(inner, bus).stream(messages, options)) {
      // drain
    }
    const end = bus.history[1] as EventOf<'inference_end'>;
    expect(end.data.ttftMs).toBeUndefined();
    expect(end.data.latencyMs).toBe(10);
  });

  it('emits end (and telemetry) when the consumer stops early', async () => {
    const bus = recordingBus();
    const inner = new TimedStreamEngine([
      { at: 1100, chunk: { type: 'content', delta: 'a' } },
      { at: 1200, chunk: { type: 'content', delta: 'b' } },
      { at: 1300, chunk: { type: 'usage', usage } },
    ]);
    for await (const chunk of new InstrumentedEngine(inner, bus).stream(messages, options)) {
      expect(chunk).toEqual({ type: 'content', delta: 'a' });
      break;
    }
    expect(bus.history.map((e) => e.type)).toEqual([
      'inference_start',
      'inference_end',
      'telemetry_record',
    ]);
    expect(bus.history[1]?.data).toMatchObject({ latencyMs: 100, ttftMs: 100 });
    expect(bus.history[1]?.data).not.toHaveProperty('error');
  });

  it('emits end with the error when the stream throws, and rethrows to the consumer', async () => {
    const bus = recordingBus();
    const failure = new Error('connection reset');
    const inner = new TimedStreamEngine([{ at: 1100, chunk: { type: 'content', delta: 'a' } }], {
      at: 1400,
      error: failure,
    });
    const chunks: StreamChunk[] = [];
    await expect(
      (async () => {
        for await (const chunk of new InstrumentedEngine(inner, bus).stream(messages, options))
          chunks.push(chunk);
      })(),
    ).rejects.toBe(failure);
    expect(chunks).toHaveLength(1);
    expect(bus.history.map((e) => e.type)).toEqual(['inference_start', 'inference_end']);
    expect(bus.history[1]?.data).toMatchObject({
      latencyMs: 400,
      ttftMs: 100,
      error: { kind: 'engine_error', message: 'connection reset' },
      errorType: 'Error',
    });
  });

  it('reports a failure even when the thrown value is undefined', async () => {
    const bus = recordingBus();
    const inner = new TimedStreamEngine([], { at: 1001, error: undefined });
    await expect(
      (async () => {
        for await (const _ of new InstrumentedEngine(inner, bus).stream(messages, options)) {
          // drain
        }
      })(),
    ).rejects.toBeUndefined();
    expect(bus.history.map((e) => e.type)).toEqual(['inference_start', 'inference_end']);
    expect(bus.history[1]?.data).toMatchObject({
      error: { message: 'undefined' },
      errorType: 'Error',
    });
  });
});

describe('InstrumentedEngine forwarding', () => {
  it('exposes the inner engine’s identity and address', () => {
    const inner = new ScriptedEngine({
      engineId: 'vllm',
      host: 'http://gpu:8000',
      openaiBaseUrl: 'http://gpu:8000/v1',
      apiKey: 'k',
    });
    const engine = new InstrumentedEngine(inner, new EventBus());
    expect(engine.inner).toBe(inner);
    expect(engine).toMatchObject({
      engineId: 'vllm',
      host: 'http://gpu:8000',
      openaiBaseUrl: 'http://gpu:8000/v1',
      apiKey: 'k',
    });
  });

  it('delegates listModels, health, status, contextLength and close', async () => {
    const inner = new ScriptedEngine();
    const engine = new InstrumentedEngine(inner, new EventBus());
    expect(await engine.listModels()).toEqual(await inner.listModels());
    expect(await engine.health()).toBe(true);
    expect((await engine.status()).state).toBe('ok');
    expect(await engine.contextLength('m')).toBeUndefined();
    const withContext = Object.assign(new ScriptedEngine(), {
      contextLength: async (model: string) => (model === 'm' ? 8192 : undefined),
    });
    expect(await new InstrumentedEngine(withContext, new EventBus()).contextLength('m')).toBe(8192);
    await engine.close();
    expect(inner.closed).toBe(true);
  });

  it('delegates the capability questions, falling back where the inner engine has no answer', async () => {
    const plain = new InstrumentedEngine(new ScriptedEngine(), new EventBus());
    expect(await plain.toolSupport('m')).toBe('unknown');
    expect(await plain.openaiContextLength('m')).toBeUndefined();
    const capable = Object.assign(new ScriptedEngine(), {
      contextLength: async () => 131_072,
      openaiContextLength: async () => 4096,
      toolSupport: async () => 'no' as const,
    });
    const engine = new InstrumentedEngine(capable, new EventBus());
    expect(await engine.toolSupport('m')).toBe('no');
    expect(await engine.openaiContextLength('m')).toBe(4096);
    const sameWindow = Object.assign(new ScriptedEngine(), { contextLength: async () => 8192 });
    expect(await new InstrumentedEngine(sameWindow, new EventBus()).openaiContextLength('m')).toBe(
      8192,
    );
    await engine.close();
    expect(capable.closed).toBe(true);
  });

  it('publishes nothing for the calls it only forwards', async () => {
    const bus = recordingBus();
    const engine = new InstrumentedEngine(new ScriptedEngine(), bus);
    await engine.health();
    await engine.listModels();
    expect(bus.history).toEqual([]);
  });
});
