import type { EventName } from '@openjarvis/core';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { describe, expect, it } from 'vitest';
import { instrumentBus } from './instrument-bus.js';
import { MalformedEventError } from './malformed-event-error.js';
import {
  inferenceEnd,
  inferenceStart,
  toolEnd,
  toolStart,
  turnEnd,
  turnStart,
} from './test-support/fixtures.js';
import {
  harnessPerTest,
  hrToMs,
  type OtelHarness,
  parentId,
  spanId,
  T0,
} from './test-support/otel-harness.js';

const newHarness = harnessPerTest();

/** Publishes a payload that does not match its type, as a careless publisher or a bad recording might. */
function publishRaw(h: OtelHarness, offsetMs: number, type: EventName, data: unknown): void {
  (h.at as (offset: number, type: string, data: unknown) => void)(offsetMs, type, data);
}

describe('robustness', () => {
  it('turns an end without a start into a span that covers the reported duration', () => {
    const harness = newHarness();
    harness.at(1000, 'agent_turn_end', turnEnd('run_late', 'opencode', { durationMs: 900 }));
    harness.at(2000, 'tool_call_end', toolEnd('run_late', 'call_1', 'bash', { durationMs: 50 }));
    harness.at(3000, 'inference_end', inferenceEnd('inf_late', { latencyMs: 250 }));

    const turn = harness.span('invoke_agent opencode');
    expect(hrToMs(turn.startTime)).toBe(T0 + 100);
    expect(hrToMs(turn.endTime)).toBe(T0 + 1000);
    expect(turn.attributes['openjarvis.span.synthesized']).toBe(true);
    expect(turn.attributes['gen_ai.usage.input_tokens']).toBe(1200);
    expect(hrToMs(harness.span('execute_tool bash').startTime)).toBe(T0 + 1950);
    expect(hrToMs(harness.span('chat Qwen/Qwen3-8B').startTime)).toBe(T0 + 2750);
    expect(harness.problems).toEqual([]);
    expect(harness.instrumentation.openSpanCount).toBe(0);
  });

  it('ignores a duplicate end and reports it', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_d'));
    harness.at(1, 'tool_call_start', toolStart('run_d', 'c1'));
    harness.at(2, 'tool_call_end', toolEnd('run_d', 'c1'));
    harness.at(3, 'tool_call_end', toolEnd('run_d', 'c1'));
    harness.at(4, 'inference_start', inferenceStart('inf_d'));
    harness.at(5, 'inference_end', inferenceEnd('inf_d'));
    harness.at(6, 'inference_end', inferenceEnd('inf_d'));
    harness.at(7, 'agent_turn_end', turnEnd('run_d'));
    harness.at(8, 'agent_turn_end', turnEnd('run_d'));

    expect(harness.spans().map((span) => span.name)).toEqual([
      'execute_tool bash',
      'chat Qwen/Qwen3-8B',
      'invoke_agent opencode',
    ]);
    expect(harness.problems.map(({ event }) => event.type)).toEqual([
      'tool_call_end',
      'inference_end',
      'agent_turn_end',
    ]);
    expect(harness.problems.every(({ error }) => MalformedEventError.isInstance(error))).toBe(true);
    expect(harness.listenerErrors).toEqual([]);
  });

  it('survives malformed payloads without throwing into the bus, and still ends spans', () => {
    const harness = newHarness();
    publishRaw(harness, 0, 'agent_turn_start', undefined);
    publishRaw(harness, 1, 'agent_turn_start', { agent: 42, runId: 'run_m', workflow: 'nope' });
    publishRaw(harness, 2, 'tool_call_start', { runId: 'run_m' });
    publishRaw(harness, 3, 'tool_call_start', null);
    publishRaw(harness, 4, 'inference_start', 'text');
    publishRaw(harness, 5, 'workflow_start', {});
    publishRaw(harness, 6, 'workflow_node_end', { workflowId: 'wf' });
    publishRaw(harness, 7, 'agent_status', 7);
    publishRaw(harness, 8, 'permission_request', []);
    publishRaw(harness, 9, 'agent_turn_end', {
      runId: 'run_m',
      durationMs: 'slow',
      usage: 'lots',
      error: 'yes',
      server: { address: 5 },
      result: null,
    });

    expect(harness.listenerErrors).toEqual([]);
    const turn = harness.span('invoke_agent');
    expect(turn.attributes).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'openjarvis.run.id': 'run_m',
    });
    expect(hrToMs(turn.endTime)).toBe(T0 + 9);
    expect(harness.problems.map(({ event }) => event.type)).toEqual([
      'agent_turn_start',
      'tool_call_start',
      'tool_call_start',
      'inference_start',
      'workflow_start',
      'workflow_node_end',
    ]);
    expect(harness.instrumentation.openSpanCount).toBe(0);
  });

  it('does not let a throwing onError escape into the bus', () => {
    const harness = newHarness({
      onError: () => {
        throw new Error('handler broke');
      },
    });
    publishRaw(harness, 0, 'agent_turn_end', {});
    expect(harness.listenerErrors).toEqual([]);
  });

  it('ends open spans as interrupted on dispose, children first, and unsubscribes', () => {
    const harness = newHarness();
    harness.at(0, 'workflow_start', { workflowId: 'wf', workflow: 'p', input: 'go' });
    harness.at(1, 'agent_turn_start', turnStart('run_x'));
    harness.at(2, 'tool_call_start', toolStart('run_x', 'c1'));
    harness.at(3, 'inference_start', inferenceStart('inf_x', { runId: 'run_x' }));
    expect(harness.instrumentation.openSpanCount).toBe(4);
    expect(harness.bus.listenerCount('agent_turn_end')).toBe(1);

    harness.at(50, 'agent_status', { agent: 'opencode', runId: 'run_x', status: 'retrying' });
    harness.instrumentation.dispose();
    harness.instrumentation.dispose();

    expect(harness.spans().map((span) => span.name)).toEqual([
      'execute_tool bash',
      'chat Qwen/Qwen3-8B',
      'invoke_agent opencode',
      'invoke_workflow p',
    ]);
    for (const span of harness.spans()) {
      expect(span.attributes['error.type']).toBe('interrupted');
      expect(span.status.code).toBe(2);
      expect(hrToMs(span.endTime)).toBe(T0 + 50);
    }
    expect(harness.instrumentation.openSpanCount).toBe(0);
    expect(harness.bus.listenerCount('agent_turn_end')).toBe(0);
    expect(harness.bus.listenerCount('agent_text_delta')).toBe(0);
    harness.at(60, 'agent_turn_end', turnEnd('run_x'));
    expect(harness.spans()).toHaveLength(4);
  });

  it('bounds open spans: past maxOpenSpans the oldest ends as interrupted', () => {
    const harness = newHarness({ maxOpenSpans: 2 });
    harness.at(0, 'agent_turn_start', turnStart('run_1'));
    harness.at(1, 'agent_turn_start', turnStart('run_2'));
    harness.at(2, 'agent_turn_start', turnStart('run_3'));
    expect(harness.instrumentation.openSpanCount).toBe(2);
    const evicted = harness.span('invoke_agent opencode');
    expect(evicted.attributes['openjarvis.run.id']).toBe('run_1');
    expect(evicted.attributes['error.type']).toBe('interrupted');
  });

  it('reads event timestamps older than the process as wall-clock times', () => {
    const harness = newHarness();
    const old = Date.UTC(2020, 5, 1) - T0;
    harness.at(old, 'agent_turn_start', turnStart('run_old'));
    harness.at(old + 1500, 'agent_turn_end', turnEnd('run_old'));
    const span = harness.span('invoke_agent opencode');
    expect(hrToMs(span.startTime)).toBe(Date.UTC(2020, 5, 1));
    expect(hrToMs(span.endTime)).toBe(Date.UTC(2020, 5, 1) + 1500);
  });

  it('hangs root spans under the span active where the event is published', () => {
    const harness = newHarness();
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    try {
      const request = harness.tracerProvider.getTracer('app').startSpan('POST /fix');
      context.with(trace.setSpan(context.active(), request), () => {
        harness.at(0, 'agent_turn_start', turnStart('run_r'));
      });
      harness.at(1, 'agent_turn_end', turnEnd('run_r'));
      request.end();
      expect(parentId(harness.span('invoke_agent opencode'))).toBe(
        spanId(harness.span('POST /fix')),
      );
    } finally {
      context.disable();
    }
  });

  it('uses the global providers by default', () => {
    const harness = newHarness();
    const instrumentation = instrumentBus(harness.bus);
    harness.at(0, 'agent_turn_start', turnStart('run_g'));
    harness.at(1, 'agent_turn_end', turnEnd('run_g'));
    instrumentation.dispose();
    // Only the harness instrumentation exported; the global no-op provider dropped the rest.
    expect(harness.spans()).toHaveLength(1);
  });
});
