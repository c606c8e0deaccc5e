import { lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { GenerateOptions } from '../engines/inference-engine.js';
import type { ChatMessage } from '../engines/messages.js';
import { AbortedError } from '../errors/run-errors.js';
import { EventBus } from '../events/event-bus.js';
import type { AnyJarvisEvent, EventOf } from '../events/jarvis-event.js';
import { type Deferred, deferred, settle } from '../test-support/deferred.js';
import { defaultUsage, ScriptedEngine } from '../test-support/scripted-engine.js';
import type { AgentContext, AgentResult, RunOptions } from './agent-result.js';
import { BaseAgent, type BaseAgentOptions, type RunScope } from './base-agent.js';

const ok = (content: string): AgentResult => ({ content, toolResults: [], turns: 1, metadata: {} });

interface SeenRun {
  input: string;
  options: RunOptions | undefined;
  scope: RunScope;
}

/** A concrete agent whose run a test scripts; it exposes the protected helpers. */
class ProbeAgent extends BaseAgent {
  readonly agentId = 'probe';
  readonly runs: SeenRun[] = [];
  /** When set, each run waits for it (or for its signal) before ending. */
  gate: Deferred<void> | undefined;
  failWith: unknown;

  async run(input: string, context?: AgentContext, options?: RunOptions): Promise<AgentResult> {
    const scope = this.beginRun(options);
    this.runs.push({ input, options, scope });
    this.emitTurnStart(input, scope, { model: this.model });
    if (this.failWith !== undefined) throw this.failWith;
    if (this.gate !== undefined) await Promise.race([this.gate.promise, aborted(scope.signal)]);
    const result = scope.signal?.aborted
      ? { ...ok('aborted'), metadata: { error: { kind: 'aborted' as const, message: 'aborted' } } }
      : ok(`done: ${input}${context?.metadata === undefined ? '' : ' (with context)'}`);
    this.emitTurnEnd(scope, {
      turns: 1,
      result,
      ...(scope.signal?.aborted ? { error: result.metadata.error } : {}),
    });
    return result;
  }

  begin(options?: RunOptions): RunScope {
    return this.beginRun(options);
  }
  turnStart(input: string, scope: RunScope): void {
    this.emitTurnStart(input, scope, { provider: 'p' });
  }
  turnEnd(scope: RunScope, result: AgentResult): void {
    this.emitTurnEnd(scope, { turns: 2, result, sessionId: 's1' });
  }
  messages(input: string, context?: AgentContext, systemPrompt?: string): ChatMessage[] {
    return this.buildMessages(input, context, systemPrompt);
  }
  callEngine(scope: RunScope, options?: Partial<GenerateOptions>) {
    return this.generate([{ role: 'user', content: 'q' }], scope, options);
  }
}

function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function probe(options: BaseAgentOptions = {}, engine = new ScriptedEngine()) {
  return new ProbeAgent(engine, 'test-model', options);
}

function collect(agent: BaseAgent): AnyJarvisEvent[] {
  const events: AnyJarvisEvent[] = [];
  agent.events$.subscribe((event) => events.push(event));
  return events;
}

describe('BaseAgent construction', () => {
  it('defaults temperature to 0.7 and maxTokens to 1024, and keeps engine, model, bus', () => {
    const engine = new ScriptedEngine();
    const bus = new EventBus();
    const agent = new ProbeAgent(engine, 'm', { bus });
    expect(agent).toMatchObject({ engine, model: 'm', bus, temperature: 0.7, maxTokens: 1024 });
    expect(new ProbeAgent(undefined, 'm', { temperature: 0, maxTokens: 5 })).toMatchObject({
      engine: undefined,
      bus: undefined,
      temperature: 0,
      maxTokens: 5,
    });
  });

  it('close resolves and the agent can run afterwards', async () => {
    const agent = probe();
    await agent.close();
    expect((await agent.run('again')).content).toBe('done: again');
  });
});

describe('BaseAgent turn events', () => {
  it('emitTurnStart / emitTurnEnd publish to the bus and to events$ with agent and runId', () => {
    const bus = new EventBus({ recordHistory: true });
    const agent = probe({ bus });
    const events = collect(agent);
    const scope = agent.begin({ runId: 'run_fixed' });
    agent.turnStart('hello', scope);
    agent.turnEnd(scope, ok('bye'));

    expect(events.map((e) => e.type)).toEqual(['agent_turn_start', 'agent_turn_end']);
    expect(bus.history).toEqual(events);
    expect(events[0]?.data).toEqual({
      agent: 'probe',
      runId: 'run_fixed',
      input: 'hello',
      provider: 'p',
    });
    const end = events[1] as EventOf<'agent_turn_end'>;
    expect(end.data).toMatchObject({
      agent: 'probe',
      runId: 'run_fixed',
      turns: 2,
      sessionId: 's1',
    });
    expect(end.data.result).toEqual(ok('bye'));
    expect(end.data.durationMs).toBeGreaterThanOrEqual(0);
    expect(end.data).not.toHaveProperty('workflow');
  });

  it('tags the events with the workflow when the run has one', () => {
    const bus = new EventBus({ recordHistory: true });
    const agent = probe({ bus });
    const workflow = { id: 'wf_1', name: 'plan-build', step: 'plan' };
    const scope = agent.begin({ runId: 'r', workflow });
    agent.turnStart('x', scope);
    agent.turnEnd(scope, ok('y'));
    for (const event of bus.history) expect(event.data).toMatchObject({ workflow });
  });

  it('emits to events$ alone when there is no bus', () => {
    const agent = probe();
    const events = collect(agent);
    const scope = agent.begin();
    agent.turnStart('x', scope);
    expect(events).toEqual([
      {
        type: 'agent_turn_start',
        timestamp: expect.any(Number),
        data: expect.objectContaining({ input: 'x' }),
      },
    ]);
  });

  it('events$ is hot: a late subscriber misses earlier events', () => {
    const agent = probe();
    agent.turnStart('early', agent.begin());
    const events = collect(agent);
    agent.turnStart('late', agent.begin());
    expect(events.map((e) => (e.data as { input: string }).input)).toEqual(['late']);
  });

  it('beginRun uses the given runId or makes a unique one', () => {
    const agent = probe();
    expect(agent.begin({ runId: 'mine' }).runId).toBe('mine');
    const ids = new Set(Array.from({ length: 50 }, () => agent.begin().runId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^run_[0-9a-z]+$/);
  });
});

describe('BaseAgent.buildMessages', () => {
  it('puts the system prompt, the earlier conversation, then the input', () => {
    const agent = probe();
    const history: ChatMessage[] = [
      { role: 'user', content: 'before' },
      { role: 'assistant', content: 'answer' },
    ];
    expect(agent.messages('now', { messages: history }, 'be brief')).toEqual([
      { role: 'system', content: 'be brief' },
      ...history,
      { role: 'user', content: 'now' },
    ]);
    expect(agent.messages('now', undefined, '')).toEqual([{ role: 'user', content: 'now' }]);
  });
});

describe('BaseAgent.stream', () => {
  it('is cold: nothing runs until subscription, and each subscription is a new run', async () => {
    const agent = probe();
    const stream = agent.stream('task');
    await settle();
    expect(agent.runs).toHaveLength(0);
    const first = await lastValueFrom(stream.pipe(toArray()));
    const second = await lastValueFrom(stream.pipe(toArray()));
    expect(agent.runs).toHaveLength(2);
    const runIdOf = (events: AnyJarvisEvent[]) =>
      (events[0]?.data as { runId?: string } | undefined)?.runId;
    expect(runIdOf(first)).not.toBe(runIdOf(second));
  });

  it('emits its run’s events, ending with the turn end that carries the result, then completes', async () => {
    const agent = probe();
    const events = await lastValueFrom(
      agent.stream('task', undefined, { runId: 'run_s' }).pipe(toArray()),
    );
    expect(events.map((e) => e.type)).toEqual(['agent_turn_start', 'agent_turn_end']);
    const end = events[1] as EventOf<'agent_turn_end'>;
    expect(end.data.runId).toBe('run_s');
    expect(end.data.result.content).toBe('done: task');
  });

  it('passes context and workflow through to run', async () => {
    const agent = probe();
    const workflow = { id: 'w', name: 'n', step: 's' };
    const events = await lastValueFrom(
      agent.stream('task', { metadata: { a: 1 } }, { workflow }).pipe(toArray()),
    );
    expect(agent.runs[0]?.options?.workflow).toEqual(workflow);
    expect((events[1] as EventOf<'agent_turn_end'>).data.result.content).toBe(
      'done: task (with context)',
    );
    for (const event of events) expect(event.data).toMatchObject({ workflow });
  });

  it('emits only its own run’s events while other runs of the same agent go on', async () => {
    const agent = probe();
    agent.gate = deferred();
    const other = agent.run('other');
    const streamed: AnyJarvisEvent[] = [];
    const done = new Promise<void>((resolve) => {
      agent.stream('mine').subscribe({ next: (e) => streamed.push(e), complete: resolve });
    });
    const third = agent.run('third');
    agent.gate.resolve();
    await Promise.all([other, third, done]);
    expect(
      streamed.map((e) => (e.data as { input?: string; result?: AgentResult }).input ?? 'end'),
    ).toEqual(['mine', 'end']);
    expect((streamed[1] as EventOf<'agent_turn_end'>).data.result.content).toBe('done: mine');
  });

  it('unsubscribing before the end aborts the run’s signal with an AbortedError', async () => {
    const agent = probe();
    agent.gate = deferred();
    const seen: string[] = [];
    const subscription = agent.stream('task').subscribe((e) => seen.push(e.type));
    const signal = agent.runs[0]?.scope.signal;
    expect(signal?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(signal?.aborted).toBe(true);
    expect(AbortedError.isInstance(signal?.reason)).toBe(true);
    await settle();
    expect(seen).toEqual(['agent_turn_start']);
  });

  it('unsubscribing from inside (take) aborts as well', async () => {
    const agent = probe();
    agent.gate = deferred();
    const first = await lastValueFrom(agent.stream('task').pipe(take(1)));
    expect(first.type).toBe('agent_turn_start');
    expect(agent.runs[0]?.scope.signal?.aborted).toBe(true);
  });

  it('unsubscribing after completion aborts nothing', async () => {
    const agent = probe();
    const subscription = agent.stream('task').subscribe();
    await settle();
    expect(subscription.closed).toBe(true);
    subscription.unsubscribe();
    expect(agent.runs[0]?.scope.signal?.aborted).toBe(false);
  });

  it('an abort of the caller’s signal reaches the run, with its reason', async () => {
    const agent = probe();
    agent.gate = deferred();
    const outer = new AbortController();
    const events = lastValueFrom(
      agent.stream('task', undefined, { signal: outer.signal }).pipe(toArray()),
    );
    outer.abort('stop please');
    const result = (await events).at(-1) as EventOf<'agent_turn_end'>;
    expect(agent.runs[0]?.scope.signal?.reason).toBe('stop please');
    expect(result.data.result.metadata).toEqual({ error: { kind: 'aborted', message: 'aborted' } });
  });

  it('a caller’s signal that is already aborted aborts the run from the start', async () => {
    const agent = probe();
    agent.gate = deferred();
    await lastValueFrom(
      agent.stream('task', undefined, { signal: AbortSignal.abort('early') }).pipe(toArray()),
    );
    expect(agent.runs[0]?.scope.signal?.aborted).toBe(true);
    expect(agent.runs[0]?.scope.signal?.reason).toBe('early');
  });

  it('errors when run rejects', async () => {
    const agent = probe();
    agent.failWith = new Error('bug in agent');
    await expect(lastValueFrom(agent.stream('task'))).rejects.toThrow('bug in agent');
  });
});

describe('BaseAgent.generate', () => {
  it('calls the engine with the agent’s settings and emits inference_start / inference_end with usage', async () => {
    const bus = new EventBus({ recordHistory: true });
    const engine = new ScriptedEngine({
      engineId: 'eng',
      host: 'http://gpu:8000',
      reply: () => ({ content: 'answer' }),
    });
    const agent = probe({ bus, temperature: 0.2, maxTokens: 64 }, engine);
    const workflow = { id: 'w', name: 'n', step: 's' };
    const scope = agent.begin({ runId: 'run_g', workflow });
    const result = await agent.callEngine(scope);

    expect(result.content).toBe('answer');
    expect(engine.calls[0]?.options).toEqual({
      model: 'test-model',
      temperature: 0.2,
      maxTokens: 64,
    });
    const [start, end] = bus.history as [EventOf<'inference_start'>, EventOf<'inference_end'>];
    expect(bus.history.map((e) => e.type)).toEqual(['inference_start', 'inference_end']);
    const tags = { agent: 'probe', runId: 'run_g', workflow };
    expect(start.data).toEqual({
      inferenceId: expect.stringMatching(/^inf_/),
      engine: 'eng',
      model: 'test-model',
      messageCount: 1,
      stream: false,
      server: { address: 'gpu', port: 8000 },
      ...tags,
    });
    expect(end.data).toMatchObject({ ...start.data, usage: defaultUsage, finishReason: 'stop' });
    expect(end.data.latencyMs).toBeGreaterThanOrEqual(0);
    expect(end.data.ttftMs).toBe(end.data.latencyMs);
    expect(end.data).not.toHaveProperty('error');
  });

  it('lets per-call options override the agent’s and passes the run’s signal', async () => {
    const engine = new ScriptedEngine();
    const agent = probe({}, engine);
    const controller = new AbortController();
    await agent.callEngine(agent.begin({ signal: controller.signal }), {
      temperature: 1,
      model: 'other',
    });
    expect(engine.calls[0]?.options).toEqual({
      model: 'other',
      temperature: 1,
      maxTokens: 1024,
      signal: controller.signal,
    });
    const own = new AbortController();
    await agent.callEngine(agent.begin({ signal: controller.signal }), { signal: own.signal });
    expect(engine.calls[1]?.options.signal).toBe(own.signal);
  });

  it('emits inference_end with the error when the engine throws, and rejects', async () => {
    const failure = new TypeError('socket hang up');
    const agent = probe({}, new ScriptedEngine({ reply: () => ({ error: failure }) }));
    const events = collect(agent);
    await expect(agent.callEngine(agent.begin())).rejects.toBe(failure);
    expect(events.map((e) => e.type)).toEqual(['inference_start', 'inference_end']);
    expect(events[1]?.data).toMatchObject({
      error: { message: 'socket hang up' },
      errorType: 'TypeError',
    });
    expect(events[1]?.data).not.toHaveProperty('usage');
  });

  it('rejects without events when the agent has no engine', async () => {
    const agent = new ProbeAgent(undefined, 'm');
    const events = collect(agent);
    await expect(agent.callEngine(agent.begin())).rejects.toThrow('probe agent has no engine');
    expect(events).toEqual([]);
  });
});
