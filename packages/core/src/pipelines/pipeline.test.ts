import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SimpleAgent } from '../agents/simple-agent.js';
import type { ChatMessage } from '../engines/messages.js';
import { EngineHttpError } from '../errors/engine-errors.js';
import { PipelineDefinitionError } from '../errors/pipeline-errors.js';
import { EventBus } from '../events/event-bus.js';
import type { AnyJarvisEvent, EventOf } from '../events/jarvis-event.js';
import { deferred, settle } from '../test-support/deferred.js';
import { answer, ScriptedAgent } from '../test-support/scripted-agent.js';
import { ScriptedEngine, type ScriptedReply } from '../test-support/scripted-engine.js';
import { parallel } from './parallel.js';
import { Pipeline } from './pipeline.js';
import { sequence } from './sequence.js';
import { step } from './step.js';

const last = (messages: readonly ChatMessage[]) => messages.at(-1)?.content ?? '';

/** A SimpleAgent whose engine wraps the input as `NAME(input)`, or replies as scripted. */
function agent(name: string, bus?: EventBus, reply?: (input: string) => ScriptedReply) {
  const engine = new ScriptedEngine({
    engineId: name,
    reply: (messages) =>
      reply?.(last(messages)) ?? { content: `${name.toUpperCase()}(${last(messages)})` },
  });
  return { agent: new SimpleAgent(engine, 'm', bus === undefined ? {} : { bus }), engine };
}

const failing =
  (status = 500) =>
  () => ({ error: new EngineHttpError({ engineId: 'e', url: 'u', status, body: 'boom' }) });

/** `type` or `type:step`, to compare event sequences at a glance. */
const label = (event: AnyJarvisEvent) => {
  const step = (event.data as { step?: unknown } | undefined)?.step;
  return typeof step === 'string' ? `${event.type}:${step}` : event.type;
};
const workflowTypes = (events: readonly AnyJarvisEvent[]) =>
  events.filter((e) => e.type.startsWith('workflow_')).map(label);

describe('Pipeline: plan → build → review', () => {
  it('runs the steps in order, each input built from the results before it', async () => {
    const bus = new EventBus({ recordHistory: true });
    const plan = agent('plan', bus);
    const build = agent('build', bus);
    const review = agent('review', bus);
    const pipeline = new Pipeline({
      name: 'plan-build-review',
      bus,
      steps: [
        step('plan', plan.agent),
        step(
          'build',
          build.agent,
          ({ input, results }) => `${input} using ${results.get('plan')?.content}`,
        ),
        step('review', review.agent, ({ results }) => results.get('build')?.content ?? ''),
      ],
    });

    const result = await pipeline.run('add a flag');

    expect(last(plan.engine.calls[0]?.messages ?? [])).toBe('add a flag');
    expect(last(build.engine.calls[0]?.messages ?? [])).toBe('add a flag using PLAN(add a flag)');
    expect(result.success).toBe(true);
    expect(result.output).toBe('REVIEW(BUILD(add a flag using PLAN(add a flag)))');
    expect(result.workflow).toBe('plan-build-review');
    expect(result.workflowId).toMatch(/^wf_/);
    expect(result.aborted).toBe(false);
    expect(result).not.toHaveProperty('failedStep');
    expect(result).not.toHaveProperty('error');
    expect([...result.results.keys()]).toEqual(['plan', 'build', 'review']);
    expect(result.steps.map((s) => [s.step, s.agent, s.status, s.input])).toEqual([
      ['plan', 'simple', 'succeeded', 'add a flag'],
      ['build', 'simple', 'succeeded', 'add a flag using PLAN(add a flag)'],
      ['review', 'simple', 'succeeded', 'BUILD(add a flag using PLAN(add a flag))'],
    ]);
    expect(result.steps[0]?.result).toBe(result.results.get('plan'));
    expect(workflowTypes(bus.history)).toEqual([
      'workflow_start',
      'workflow_node_start:plan',
      'workflow_node_end:plan',
      'workflow_node_start:build',
      'workflow_node_end:build',
      'workflow_node_start:review',
      'workflow_node_end:review',
      'workflow_end',
    ]);
    const end = bus.history.at(-1) as EventOf<'workflow_end'>;
    expect(end.data).toEqual({
      workflowId: result.workflowId,
      workflow: 'plan-build-review',
      success: true,
      durationMs: result.durationMs,
      output: result.output,
    });
  });

  it('gives a step the pipeline input when it has no input builder', async () => {
    const first = agent('first');
    const second = agent('second');
    await new Pipeline({ name: 'p', steps: [step('a', first.agent), step('b', second.agent)] }).run(
      'same',
    );
    expect(last(second.engine.calls[0]?.messages ?? [])).toBe('same');
  });

  it('builds a step’s context too', async () => {
    const one = agent('one');
    const two = agent('two');
    await new Pipeline({
      name: 'p',
      steps: [
        step('one', one.agent),
        step('two', two.agent, {
          input: () => 'go on',
          context: ({ results }) => ({
            messages: [{ role: 'assistant', content: results.get('one')?.content ?? '' }],
          }),
        }),
      ],
    }).run('start');
    expect(two.engine.calls[0]?.messages).toEqual([
      { role: 'assistant', content: 'ONE(start)' },
      { role: 'user', content: 'go on' },
    ]);
  });

  it('accepts a fixed context object', async () => {
    const one = agent('one');
    await new Pipeline({
      name: 'p',
      steps: [
        step('one', one.agent, { context: { messages: [{ role: 'system', content: 'fixed' }] } }),
      ],
    }).run('x');
    expect(one.engine.calls[0]?.messages[0]).toEqual({ role: 'system', content: 'fixed' });
  });
});

describe('Pipeline: fan-out', () => {
  it('runs a parallel group at once and a later step sees every result', async () => {
    const gates = { lint: deferred(), test: deferred(), docs: deferred() };
    const branches = (['lint', 'test', 'docs'] as const).map((name) =>
      agent(name, undefined, (input) => ({
        content: `${name} ok for ${input}`,
        wait: gates[name].promise,
      })),
    );
    const merge = agent('merge');
    const pipeline = new Pipeline({
      name: 'fan-out',
      steps: [
        parallel(
          step('lint', branches[0]?.agent ?? merge.agent),
          step('test', branches[1]?.agent ?? merge.agent),
          step('docs', branches[2]?.agent ?? merge.agent),
        ),
        step('merge', merge.agent, ({ results }) =>
          ['lint', 'test', 'docs'].map((name) => results.get(name)?.content).join(' | '),
        ),
      ],
    });
    const running = pipeline.run('v2');
    await settle();
    expect(branches.map((b) => b.engine.calls.length)).toEqual([1, 1, 1]);
    expect(merge.engine.calls).toHaveLength(0);
    gates.docs.resolve();
    gates.test.resolve();
    await settle();
    expect(merge.engine.calls).toHaveLength(0);
    gates.lint.resolve();
    const result = await running;
    expect(result.output).toBe('MERGE(lint ok for v2 | test ok for v2 | docs ok for v2)');
    expect(result.steps.map((s) => s.step)).toEqual(['lint', 'test', 'docs', 'merge']);
  });

  it('lets a branch see its own earlier steps but never a parallel sibling', async () => {
    const seen: Record<string, string[]> = {};
    const probe = (name: string) =>
      step(name, agent(name).agent, ({ results }) => {
        seen[name] = [...results.keys()];
        return name;
      });
    await new Pipeline({
      name: 'branches',
      steps: [
        probe('first'),
        parallel(sequence(probe('a1'), probe('a2')), sequence(probe('b1'), probe('b2'))),
        probe('last'),
      ],
    }).run('x');
    expect(seen).toEqual({
      first: [],
      a1: ['first'],
      b1: ['first'],
      a2: ['first', 'a1'],
      b2: ['first', 'b1'],
      last: ['first', 'a1', 'a2', 'b1', 'b2'],
    });
  });

  it('keeps the events of one agent used by two parallel steps apart', async () => {
    const shared = agent('shared');
    const events = await lastValueFrom(
      new Pipeline({
        name: 'twice',
        steps: [parallel(step('x', shared.agent), step('y', shared.agent))],
      })
        .stream('in')
        .pipe(toArray()),
    );
    const ends = events.filter((e): e is EventOf<'agent_turn_end'> => e.type === 'agent_turn_end');
    expect(ends.map((e) => e.data.workflow?.step).sort()).toEqual(['x', 'y']);
  });
});

describe('Pipeline: a step failing', () => {
  const build = (bus: EventBus, onStepError?: 'stop' | 'continue') => {
    const plan = agent('plan', bus);
    const broken = agent('build', bus, failing());
    const review = agent('review', bus);
    const pipeline = new Pipeline({
      name: 'pbr',
      bus,
      ...(onStepError === undefined ? {} : { onStepError }),
      steps: [
        step('plan', plan.agent),
        step('build', broken.agent, ({ results }) => results.get('plan')?.content ?? ''),
        step(
          'review',
          review.agent,
          ({ results }) => results.get('build')?.content ?? 'nothing was built',
        ),
      ],
    });
    return { pipeline, review };
  };

  it('stops by default: later steps are skipped and the failed step is named', async () => {
    const bus = new EventBus({ recordHistory: true });
    const { pipeline, review } = build(bus);
    expect(pipeline.onStepError).toBe('stop');
    const result = await pipeline.run('task');

    expect(result.success).toBe(false);
    expect(result.aborted).toBe(false);
    expect(result.failedStep).toBe('build');
    expect(result.error?.kind).toBe('step_failed');
    expect(result.error?.message).toMatch(/^step "build" failed: /);
    expect(result.output).toBe('PLAN(task)');
    expect(result.steps.map((s) => s.status)).toEqual(['succeeded', 'failed', 'skipped']);
    expect(result.steps[1]).toMatchObject({
      error: { kind: 'engine_error' },
      result: { metadata: { error: { kind: 'engine_error' } } },
    });
    expect(result.steps[2]).toEqual({ step: 'review', agent: 'simple', status: 'skipped' });
    expect(review.engine.calls).toHaveLength(0);
    expect(workflowTypes(bus.history)).toEqual([
      'workflow_start',
      'workflow_node_start:plan',
      'workflow_node_end:plan',
      'workflow_node_start:build',
      'workflow_node_end:build',
      'workflow_end',
    ]);
    const nodeEnd = bus.history.find(
      (e): e is EventOf<'workflow_node_end'> =>
        e.type === 'workflow_node_end' && e.data.step === 'build',
    );
    expect(nodeEnd?.data).toMatchObject({
      success: false,
      error: { kind: 'engine_error' },
      step: 'build',
    });
    expect(bus.history.at(-1)?.data).toMatchObject({
      success: false,
      failedStep: 'build',
      error: result.error,
    });
  });

  it('continues under onStepError continue: later steps run without the failed result', async () => {
    const bus = new EventBus({ recordHistory: true });
    const { pipeline, review } = build(bus, 'continue');
    const result = await pipeline.run('task');

    expect(result.success).toBe(false);
    expect(result.failedStep).toBe('build');
    expect(result.steps.map((s) => s.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(last(review.engine.calls[0]?.messages ?? [])).toBe('nothing was built');
    expect([...result.results.keys()]).toEqual(['plan', 'review']);
    expect(result.output).toBe('REVIEW(nothing was built)');
    expect(bus.history.at(-1)?.data).toMatchObject({ success: false, failedStep: 'build' });
  });

  it('treats a throwing agent as a failed step', async () => {
    const thrower = new ScriptedAgent('thrower', () => {
      throw new Error('agent bug');
    });
    const after = agent('after');
    const result = await new Pipeline({
      name: 'p',
      steps: [step('throws', thrower), step('after', after.agent)],
    }).run('x');
    expect(result.failedStep).toBe('throws');
    expect(result.steps[0]).toMatchObject({
      status: 'failed',
      error: { kind: 'agent_threw', message: 'agent bug' },
    });
    expect(result.steps[0]).not.toHaveProperty('result');
    expect(result.steps[1]?.status).toBe('skipped');
  });

  it('treats a throwing input builder as a failed step, without running its agent', async () => {
    const bus = new EventBus({ recordHistory: true });
    const target = agent('target', bus);
    const result = await new Pipeline({
      name: 'p',
      bus,
      steps: [
        step('bad-input', target.agent, () => {
          throw new Error('no plan to build from');
        }),
      ],
    }).run('x');
    expect(target.engine.calls).toHaveLength(0);
    expect(result.steps[0]).toMatchObject({
      status: 'failed',
      error: { kind: 'input_error' },
      input: '',
    });
    expect(workflowTypes(bus.history)).toEqual([
      'workflow_start',
      'workflow_node_start:bad-input',
      'workflow_node_end:bad-input',
      'workflow_end',
    ]);
  });

  it('under continue, every parallel sibling finishes and the first failure is reported', async () => {
    const ok = agent('ok');
    const bad = agent('bad', undefined, failing(503));
    const result = await new Pipeline({
      name: 'p',
      onStepError: 'continue',
      steps: [parallel(step('bad', bad.agent), step('ok', ok.agent))],
    }).run('x');
    expect(result.steps.map((s) => s.status)).toEqual(['failed', 'succeeded']);
    expect(result.failedStep).toBe('bad');
    expect(result.output).toBe('OK(x)');
  });
});

describe('Pipeline: aborting', () => {
  it('aborts every running agent’s signal, starts no step afterwards, and reports aborted', async () => {
    const bus = new EventBus({ recordHistory: true });
    const gate = deferred();
    const a = agent('a', bus, () => ({ content: 'a', wait: gate.promise }));
    const b = agent('b', bus, () => ({ content: 'b', wait: gate.promise }));
    const next = agent('next', bus);
    const controller = new AbortController();
    const running = new Pipeline({
      name: 'abortable',
      bus,
      steps: [parallel(step('a', a.agent), step('b', b.agent)), step('next', next.agent)],
    }).run('x', { signal: controller.signal });
    await settle();
    controller.abort('user stop');
    const result = await running;

    expect(a.engine.signals[0]?.aborted).toBe(true);
    expect(b.engine.signals[0]?.aborted).toBe(true);
    expect(a.engine.signals[0]?.reason).toBe('user stop');
    expect(next.engine.calls).toHaveLength(0);
    expect(result).toMatchObject({
      success: false,
      aborted: true,
      error: { kind: 'aborted', message: 'pipeline "abortable" was aborted' },
    });
    expect(result).not.toHaveProperty('failedStep');
    expect(result.steps.map((s) => [s.step, s.status, s.error?.kind])).toEqual([
      ['a', 'aborted', 'aborted'],
      ['b', 'aborted', 'aborted'],
      ['next', 'skipped', undefined],
    ]);
    expect(workflowTypes(bus.history)).not.toContain('workflow_node_start:next');
    expect(bus.history.at(-1)?.data).toMatchObject({ success: false, error: { kind: 'aborted' } });
  });

  it('with an already aborted signal runs nothing', async () => {
    const bus = new EventBus({ recordHistory: true });
    const only = agent('only', bus);
    const result = await new Pipeline({ name: 'p', bus, steps: [step('only', only.agent)] }).run(
      'x',
      {
        signal: AbortSignal.abort(),
      },
    );
    expect(only.engine.calls).toHaveLength(0);
    expect(result).toMatchObject({ success: false, aborted: true, output: '' });
    expect(workflowTypes(bus.history)).toEqual(['workflow_start', 'workflow_end']);
  });

  it('an abort after the last step changes nothing', async () => {
    const controller = new AbortController();
    const result = await new Pipeline({ name: 'p', steps: [step('s', agent('s').agent)] }).run(
      'x',
      {
        signal: controller.signal,
      },
    );
    controller.abort();
    expect(result).toMatchObject({ success: true, aborted: false });
  });
});

describe('Pipeline: events of the agents inside', () => {
  it('tags every agent event with the pipeline run and its step, and node events carry the runId', async () => {
    const bus = new EventBus({ recordHistory: true });
    const pipeline = new Pipeline({
      name: 'tagged',
      bus,
      steps: [step('one', agent('one', bus).agent), parallel(step('two', agent('two', bus).agent))],
    });
    const result = await pipeline.run('x', { workflowId: 'wf_fixed' });
    expect(result.workflowId).toBe('wf_fixed');

    const agentEvents = bus.history.filter((e) => !e.type.startsWith('workflow_'));
    expect(agentEvents.map((e) => e.type)).toEqual([
      'agent_turn_start',
      'inference_start',
      'inference_end',
      'agent_turn_end',
      'agent_turn_start',
      'inference_start',
      'inference_end',
      'agent_turn_end',
    ]);
    for (const [i, event] of agentEvents.entries()) {
      const stepName = i < 4 ? 'one' : 'two';
      expect(event.data).toMatchObject({
        workflow: { id: 'wf_fixed', name: 'tagged', step: stepName },
        runId: result.steps.find((s) => s.step === stepName)?.runId,
      });
    }
    const nodeStarts = bus.history.filter(
      (e): e is EventOf<'workflow_node_start'> => e.type === 'workflow_node_start',
    );
    expect(nodeStarts.map((e) => e.data.runId)).toEqual(result.steps.map((s) => s.runId));
  });

  it('runs of the same pipeline are independent', async () => {
    const pipeline = new Pipeline({ name: 'p', steps: [step('s', agent('s').agent)] });
    const [first, second] = await Promise.all([pipeline.run('one'), pipeline.run('two')]);
    expect(first?.workflowId).not.toBe(second?.workflowId);
    expect([first?.output, second?.output]).toEqual(['S(one)', 'S(two)']);
  });
});

describe('Pipeline.stream', () => {
  it('is cold, emits the workflow events and every agent event in order, then completes', async () => {
    const bus = new EventBus({ recordHistory: true });
    const pipeline = new Pipeline({
      name: 'streamed',
      bus,
      steps: [step('one', agent('one').agent), step('two', agent('two').agent)],
    });
    const stream = pipeline.stream('x');
    await settle();
    expect(bus.history).toEqual([]);

    const events = await lastValueFrom(stream.pipe(toArray()));
    expect(events.map(label)).toEqual([
      'workflow_start',
      'workflow_node_start:one',
      'agent_turn_start',
      'inference_start',
      'inference_end',
      'agent_turn_end',
      'workflow_node_end:one',
      'workflow_node_start:two',
      'agent_turn_start',
      'inference_start',
      'inference_end',
      'agent_turn_end',
      'workflow_node_end:two',
      'workflow_end',
    ]);
    // The agents here have no bus: the stream gets their events from the agents themselves.
    expect(workflowTypes(bus.history)).toEqual(workflowTypes(events));
    expect(events.at(-1)?.data).toMatchObject({ success: true, output: 'TWO(x)' });
  });

  it('works without any bus', async () => {
    const events = await lastValueFrom(
      new Pipeline({ name: 'p', steps: [step('s', agent('s').agent)] }).stream('x').pipe(toArray()),
    );
    expect(events.at(-1)).toMatchObject({ type: 'workflow_end', timestamp: expect.any(Number) });
  });

  it('unsubscribing aborts the run and every agent in it', async () => {
    const bus = new EventBus({ recordHistory: true });
    const gate = deferred();
    const slow = agent('slow', bus, () => ({ content: 'late', wait: gate.promise }));
    const next = agent('next', bus);
    const subscription = new Pipeline({
      name: 'p',
      bus,
      steps: [step('slow', slow.agent), step('next', next.agent)],
    })
      .stream('x')
      .subscribe();
    await settle();
    subscription.unsubscribe();
    await settle();
    expect(slow.engine.signals[0]?.aborted).toBe(true);
    expect(next.engine.calls).toHaveLength(0);
    expect(bus.history.at(-1)?.data).toMatchObject({ success: false, error: { kind: 'aborted' } });
  });

  it('the caller’s signal aborts the streamed run too', async () => {
    const gate = deferred();
    const slow = agent('slow', undefined, () => ({ content: 'late', wait: gate.promise }));
    const controller = new AbortController();
    const done = lastValueFrom(
      new Pipeline({ name: 'p', steps: [step('slow', slow.agent)] })
        .stream('x', { signal: controller.signal })
        .pipe(toArray()),
    );
    await settle();
    controller.abort();
    const events = await done;
    expect(slow.engine.signals[0]?.aborted).toBe(true);
    expect(events.at(-1)?.data).toMatchObject({ success: false, error: { kind: 'aborted' } });
  });
});

describe('Pipeline definition', () => {
  const one = () => agent('x').agent;
  const invalid = (build: () => unknown) => {
    try {
      build();
    } catch (error) {
      expect(PipelineDefinitionError.isInstance(error)).toBe(true);
      return (error as Error).message;
    }
    throw new Error('expected a PipelineDefinitionError');
  };

  it('rejects a pipeline without steps, an empty group, empty and duplicate names', () => {
    expect(invalid(() => new Pipeline({ name: 'p', steps: [] }))).toBe(
      'pipeline "p": it has no steps',
    );
    expect(invalid(() => new Pipeline({ name: ' ', steps: [step('s', one())] }))).toContain(
      'the name is empty',
    );
    expect(
      invalid(() => new Pipeline({ name: 'p', steps: [step('s', one()), parallel()] })),
    ).toContain('a parallel group has no steps');
    expect(invalid(() => new Pipeline({ name: 'p', steps: [parallel(sequence())] }))).toContain(
      'a sequence group has no steps',
    );
    expect(invalid(() => new Pipeline({ name: 'p', steps: [step('', one())] }))).toContain(
      'a step has an empty name',
    );
    expect(
      invalid(
        () => new Pipeline({ name: 'p', steps: [step('s', one()), parallel(step('s', one()))] }),
      ),
    ).toContain('two steps are named "s"');
  });

  it('lists its steps in definition order and defaults onStepError to stop', () => {
    const pipeline = new Pipeline({
      name: 'p',
      steps: [
        step('a', one()),
        parallel(step('b', one()), sequence(step('c', one()), step('d', one()))),
      ],
    });
    expect(pipeline.steps.map((s) => s.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(pipeline.onStepError).toBe('stop');
    expect(pipeline.bus).toBeUndefined();
  });

  it('a scripted agent result drives the outcome like a real one', async () => {
    const errorResult = {
      ...answer('nope'),
      metadata: { error: { kind: 'engine_error' as const, message: 'nope' } },
    };
    const result = await new Pipeline({
      name: 'p',
      steps: [step('s', new ScriptedAgent('scripted', () => errorResult))],
    }).run('x');
    expect(result.steps[0]).toMatchObject({
      status: 'failed',
      error: { kind: 'engine_error', message: 'nope' },
    });
  });
});
