import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { GenerateOptions, GenerateResult } from '../engines/inference-engine.js';
import type { ChatMessage } from '../engines/messages.js';
import {
  ContextLengthExceededError,
  EngineHttpError,
  EngineUnauthorizedError,
  EngineUnreachableError,
} from '../errors/engine-errors.js';
import { TimeoutError } from '../errors/run-errors.js';
import { EventBus } from '../events/event-bus.js';
import type { AnyJarvisEvent, EventOf } from '../events/jarvis-event.js';
import { deferred } from '../test-support/deferred.js';
import { defaultUsage, ScriptedEngine } from '../test-support/scripted-engine.js';
import { SimpleAgent } from './simple-agent.js';

const http = { engineId: 'vllm', url: 'http://gpu:8000/v1/chat/completions', body: '' };

function setup(engine = new ScriptedEngine({ engineId: 'ollama' }), systemPrompt?: string) {
  const bus = new EventBus({ recordHistory: true });
  const agent = new SimpleAgent(engine, 'qwen2.5:7b', {
    bus,
    ...(systemPrompt === undefined ? {} : { systemPrompt }),
  });
  return { agent, bus, engine };
}

const types = (events: readonly AnyJarvisEvent[]) => events.map((e) => e.type);
const turnEnd = (bus: EventBus) =>
  bus.history.find((e): e is EventOf<'agent_turn_end'> => e.type === 'agent_turn_end');

/** An engine that ignores its signal, as a badly behaved adapter might. */
class DeafEngine extends ScriptedEngine {
  override generate(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
  ): Promise<GenerateResult> {
    const { signal: _ignored, ...rest } = options;
    return super.generate(messages, rest);
  }
}

describe('SimpleAgent', () => {
  it('has agentId simple and keeps its system prompt', () => {
    const agent = new SimpleAgent(undefined, 'm', { systemPrompt: 'be brief' });
    expect(agent.agentId).toBe('simple');
    expect(agent.systemPrompt).toBe('be brief');
    expect(new SimpleAgent(undefined, 'm').systemPrompt).toBeUndefined();
  });

  it('answers with one engine call: system prompt, conversation, input', async () => {
    const engine = new ScriptedEngine({
      reply: () => ({ content: 'Paris', usage: { ...defaultUsage, cacheReadTokens: 4 } }),
    });
    const { agent } = setup(engine, 'Answer in one word.');
    const history: ChatMessage[] = [
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'hi' },
    ];
    const result = await agent.run('Capital of France?', { messages: history });

    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]?.messages).toEqual([
      { role: 'system', content: 'Answer in one word.' },
      ...history,
      { role: 'user', content: 'Capital of France?' },
    ]);
    expect(engine.calls[0]?.options).toMatchObject({
      model: 'qwen2.5:7b',
      temperature: 0.7,
      maxTokens: 1024,
    });
    expect(result).toEqual({
      content: 'Paris',
      toolResults: [],
      turns: 1,
      metadata: {
        runId: expect.any(String),
        model: 'qwen2.5:7b',
        finishReason: 'stop',
        usage: {
          inputTokens: defaultUsage.inputTokens,
          outputTokens: defaultUsage.outputTokens,
          cacheReadTokens: 4,
        },
      },
    });
  });

  it('sends no system message without a system prompt', async () => {
    const { agent, engine } = setup();
    await agent.run('hi');
    expect(engine.calls[0]?.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('emits turn start, inference start and end, turn end, on the bus and on events$', async () => {
    const { agent, bus } = setup();
    const seen: AnyJarvisEvent[] = [];
    agent.events$.subscribe((event) => seen.push(event));
    const result = await agent.run('hi', undefined, { runId: 'run_1' });

    expect(types(bus.history)).toEqual([
      'agent_turn_start',
      'inference_start',
      'inference_end',
      'agent_turn_end',
    ]);
    expect(seen).toEqual(bus.history);
    const [start, inferenceStart, inferenceEnd, end] = bus.history;
    expect(start?.data).toEqual({
      agent: 'simple',
      runId: 'run_1',
      input: 'hi',
      model: 'qwen2.5:7b',
      provider: 'ollama',
    });
    expect(inferenceStart?.data).toMatchObject({
      agent: 'simple',
      runId: 'run_1',
      engine: 'ollama',
      stream: false,
    });
    expect(inferenceEnd?.data).toMatchObject({ usage: defaultUsage });
    expect(end?.data).toEqual({
      agent: 'simple',
      runId: 'run_1',
      turns: 1,
      durationMs: expect.any(Number),
      model: 'qwen2.5:7b',
      provider: 'ollama',
      usage: { inputTokens: 7, outputTokens: 3 },
      result,
    });
  });

  it("reports the engine's cache reads in the turn's usage", async () => {
    const engine = new ScriptedEngine({
      reply: () => ({ content: 'x', usage: { ...defaultUsage, cacheReadTokens: 5 } }),
    });
    const { agent, bus } = setup(engine);
    await agent.run('hi');
    expect(turnEnd(bus)?.data.usage).toEqual({
      inputTokens: 7,
      outputTokens: 3,
      cacheReadTokens: 5,
    });
  });

  it('tags every event with the workflow', async () => {
    const { agent, bus } = setup();
    const workflow = { id: 'wf_1', name: 'p', step: 'answer' };
    await agent.run('hi', undefined, { workflow });
    for (const event of bus.history) expect(event.data).toMatchObject({ workflow });
  });

  it('works through stream()', async () => {
    const { agent } = setup();
    const events = await lastValueFrom(agent.stream('hi').pipe(toArray()));
    expect(types(events)).toEqual([
      'agent_turn_start',
      'inference_start',
      'inference_end',
      'agent_turn_end',
    ]);
    expect((events[3] as EventOf<'agent_turn_end'>).data.result.content).toBe('echo: hi');
  });
});

describe('SimpleAgent failures resolve, never reject', () => {
  const cases: [string, unknown][] = [
    [
      'engine_unreachable',
      new EngineUnreachableError({ engineId: 'vllm', url: 'http://gpu:8000' }),
    ],
    ['engine_error', new EngineHttpError({ ...http, status: 500 })],
    ['engine_error', new Error('socket hang up')],
    ['engine_error', 'a string was thrown'],
    ['context_length_exceeded', new ContextLengthExceededError({ ...http, status: 400 })],
    ['unauthorized', new EngineUnauthorizedError({ ...http, status: 401 })],
    ['timeout', new TimeoutError({ operation: 'generate', timeoutMs: 1000 })],
    ['aborted', new DOMException('The operation was aborted', 'AbortError')],
  ];
  for (const [errorKind, error] of cases) {
    it(`${errorKind} for ${error instanceof Error ? error.name : typeof error}`, async () => {
      const { agent, bus } = setup(
        new ScriptedEngine({ engineId: 'vllm', reply: () => ({ error }) }),
      );
      const result = await agent.run('hi');
      expect(result.metadata).toEqual({
        runId: expect.any(String),
        error: { kind: errorKind, message: expect.any(String) },
      });
      expect(result.turns).toBe(1);
      expect(result.toolResults).toEqual([]);
      expect(result.content).toContain(errorKind);
      expect(types(bus.history)).toEqual([
        'agent_turn_start',
        'inference_start',
        'inference_end',
        'agent_turn_end',
      ]);
      expect(turnEnd(bus)?.data).toMatchObject({
        agent: 'simple',
        turns: 1,
        error: { kind: errorKind },
        model: 'qwen2.5:7b',
        provider: 'vllm',
        result,
      });
    });
  }

  it('no_engine without an engine, with turn events and no inference', async () => {
    const bus = new EventBus({ recordHistory: true });
    const agent = new SimpleAgent(undefined, 'm', { bus });
    const result = await agent.run('hi');
    expect(result.metadata.error?.kind).toBe('no_engine');
    expect(types(bus.history)).toEqual(['agent_turn_start', 'agent_turn_end']);
    expect(turnEnd(bus)?.data).toMatchObject({ error: { kind: 'no_engine' }, turns: 1 });
    expect(turnEnd(bus)?.data).not.toHaveProperty('provider');
  });

  it('keeps secrets a raw error carries out of the result', async () => {
    const error = new Error('upstream said: Authorization: Bearer sk-abcdefghijklmnopqrstuvwxyz');
    const { agent } = setup(new ScriptedEngine({ reply: () => ({ error }) }));
    const result = await agent.run('hi');
    expect(result.content).not.toContain('sk-abcdefghijklmnopqrstuvwxyz');
  });
});

describe('SimpleAgent and its signal', () => {
  it('does not call the engine when the signal is already aborted', async () => {
    const { agent, engine, bus } = setup();
    const result = await agent.run('hi', undefined, { signal: AbortSignal.abort() });
    expect(result.metadata.error?.kind).toBe('aborted');
    expect(engine.calls).toEqual([]);
    expect(types(bus.history)).toEqual(['agent_turn_start', 'agent_turn_end']);
  });

  it('passes the signal to the engine and resolves aborted when it fires mid-call', async () => {
    const gate = deferred();
    const { agent, engine } = setup(
      new ScriptedEngine({ reply: () => ({ content: 'late', wait: gate.promise }) }),
    );
    const controller = new AbortController();
    const running = agent.run('hi', undefined, { signal: controller.signal });
    await Promise.resolve();
    expect(engine.signals[0]).toBe(controller.signal);
    controller.abort();
    expect((await running).metadata.error?.kind).toBe('aborted');
  });

  it('resolves at the abort even when the engine ignores the signal', async () => {
    const never = new Promise<void>(() => {});
    const { agent } = setup(new DeafEngine({ reply: () => ({ content: 'never', wait: never }) }));
    const controller = new AbortController();
    const running = agent.run('hi', undefined, { signal: controller.signal });
    controller.abort();
    expect((await running).metadata.error?.kind).toBe('aborted');
  });

  it('reports timeout when the signal was aborted by a timeout', async () => {
    const gate = deferred();
    const { agent } = setup(
      new ScriptedEngine({ reply: () => ({ content: 'late', wait: gate.promise }) }),
    );
    const controller = new AbortController();
    const running = agent.run('hi', undefined, { signal: controller.signal });
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    expect((await running).metadata.error?.kind).toBe('timeout');
  });

  it('aborts through stream() unsubscription', async () => {
    const gate = deferred();
    const { agent, engine } = setup(
      new ScriptedEngine({ reply: () => ({ content: 'late', wait: gate.promise }) }),
    );
    const subscription = agent.stream('hi').subscribe();
    await Promise.resolve();
    subscription.unsubscribe();
    expect(engine.signals[0]?.aborted).toBe(true);
  });
});
