import { describe, expect, it } from 'vitest';
import { SimpleAgent } from '../agents/simple-agent.js';
import { EngineHttpError } from '../errors/engine-errors.js';
import { EventBus } from '../events/event-bus.js';
import type { AnyJarvisEvent } from '../events/jarvis-event.js';
import { ofType } from '../events/of-type.js';
import { ScriptedEngine } from '../test-support/scripted-engine.js';
import { marbles, VirtualTime } from '../test-support/virtual-time.js';
import { parallel } from './parallel.js';
import { Pipeline } from './pipeline.js';
import { step } from './step.js';

// Each engine answers after a number of virtual frames (or fails then).
function timedAgent(time: VirtualTime, name: string, frames: number, fail = false) {
  const engine = new ScriptedEngine({
    engineId: name,
    reply: () => ({
      content: name,
      wait: time.wait(frames),
      ...(fail
        ? { error: new EngineHttpError({ engineId: name, url: 'u', status: 500, body: '' }) }
        : {}),
    }),
  });
  return { engine, agent: new SimpleAgent(engine, 'm') };
}

const workflowEvents = ofType(
  'workflow_start',
  'workflow_node_start',
  'workflow_node_end',
  'workflow_end',
);

/** `start`, `end`, or `start:step` / `end:step` with the outcome of a node. */
function label(event: AnyJarvisEvent): string {
  switch (event.type) {
    case 'workflow_start':
      return 'start';
    case 'workflow_end':
      return `end ${event.data.success ? 'ok' : event.data.error?.kind}`;
    case 'workflow_node_start':
      return `start:${event.data.step}`;
    case 'workflow_node_end':
      return `end:${event.data.step} ${event.data.success ? 'ok' : event.data.error?.kind}`;
    default:
      return event.type;
  }
}

describe('Pipeline timing (marbles, one character per virtual frame)', () => {
  it('plan, then build-a and build-b in parallel, then review once both are done', async () => {
    const time = new VirtualTime();
    const pipeline = new Pipeline({
      name: 'timed',
      steps: [
        step('plan', timedAgent(time, 'plan', 20).agent),
        parallel(
          step('a', timedAgent(time, 'a', 30).agent),
          step('b', timedAgent(time, 'b', 10).agent),
        ),
        step('review', timedAgent(time, 'review', 10).agent),
      ],
    });

    const seen = time.record(pipeline.stream('go').pipe(workflowEvents), label);
    await time.runUntil(80);

    expect(seen).toEqual(
      marbles('(Sp) 16ms (PAB) 5ms b 19ms (aR) 6ms (rE|)', {
        S: 'start',
        p: 'start:plan',
        P: 'end:plan ok',
        A: 'start:a',
        B: 'start:b',
        b: 'end:b ok',
        a: 'end:a ok',
        R: 'start:review',
        r: 'end:review ok',
        E: 'end ok',
      }),
    );
  });

  it('an abort at frame 25 ends both running steps there, and review never starts', async () => {
    const time = new VirtualTime();
    const bus = new EventBus();
    const a = timedAgent(time, 'a', 30);
    const b = timedAgent(time, 'b', 10);
    const review = timedAgent(time, 'review', 10);
    const pipeline = new Pipeline({
      name: 'aborted',
      bus,
      steps: [
        step('plan', timedAgent(time, 'plan', 20).agent),
        parallel(step('a', a.agent), step('b', b.agent)),
        step('review', review.agent),
      ],
    });
    const controller = new AbortController();
    void time.wait(25).then(() => controller.abort());

    const seen = time.record(bus.events$.pipe(workflowEvents), label);
    const result = pipeline.run('go', { signal: controller.signal });
    await time.runUntil(80);

    expect(seen).toEqual(
      marbles('(Sp) 16ms (PAB)(abE)', {
        S: 'start',
        p: 'start:plan',
        P: 'end:plan ok',
        A: 'start:a',
        B: 'start:b',
        a: 'end:a aborted',
        b: 'end:b aborted',
        E: 'end aborted',
      }),
    );
    expect(a.engine.signals[0]?.aborted).toBe(true);
    expect(b.engine.signals[0]?.aborted).toBe(true);
    expect(review.engine.calls).toHaveLength(0);
    expect((await result).aborted).toBe(true);
  });

  it('under stop, a failing step aborts its running sibling at the frame it fails', async () => {
    const time = new VirtualTime();
    const slow = timedAgent(time, 'slow', 30);
    const pipeline = new Pipeline({
      name: 'fail-fast',
      steps: [
        parallel(step('fails', timedAgent(time, 'fails', 5, true).agent), step('slow', slow.agent)),
        step('after', timedAgent(time, 'after', 1).agent),
      ],
    });

    const seen = time.record(pipeline.stream('go').pipe(workflowEvents), label);
    await time.runUntil(40);

    expect(seen).toEqual(
      marbles('(SAB)(abE|)', {
        S: 'start',
        A: 'start:fails',
        B: 'start:slow',
        a: 'end:fails engine_error',
        b: 'end:slow aborted',
        E: 'end step_failed',
      }),
    );
    expect(slow.engine.signals[0]?.aborted).toBe(true);
  });

  it('under continue, the sibling runs to its end and the next step follows it', async () => {
    const time = new VirtualTime();
    const pipeline = new Pipeline({
      name: 'keep-going',
      onStepError: 'continue',
      steps: [
        parallel(
          step('fails', timedAgent(time, 'fails', 5, true).agent),
          step('slow', timedAgent(time, 'slow', 30).agent),
        ),
        step('after', timedAgent(time, 'after', 5).agent),
      ],
    });

    const seen = time.record(pipeline.stream('go').pipe(workflowEvents), label);
    await time.runUntil(40);

    expect(seen).toEqual(
      marbles('(SAB) a 24ms (bC) 1ms (cE|)', {
        S: 'start',
        A: 'start:fails',
        B: 'start:slow',
        a: 'end:fails engine_error',
        b: 'end:slow ok',
        C: 'start:after',
        c: 'end:after ok',
        E: 'end step_failed',
      }),
    );
  });
});
