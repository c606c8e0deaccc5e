import { type AnyJarvisEvent, EventBus } from '@openjarvis/core';
import { SpanKind } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { GenAiMetrics } from './genai-metrics.js';
import { MalformedEventError } from './malformed-event-error.js';
import type { OpenSpan } from './open-spans.js';
import { PairedSpans } from './paired-spans.js';
import { ERROR_TYPE, ErrorTypes, JarvisAttr } from './semconv.js';
import { SpanSupport } from './span-support.js';
import { hrToMs, T0 } from './test-support/otel-harness.js';

const providers: BasicTracerProvider[] = [];
afterEach(async () => {
  for (const provider of providers.splice(0)) await provider.shutdown();
});

/** A real tracer with an in-memory exporter, and PairedSpans over it. */
function rig(maxOpenSpans = 10) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  providers.push(tracerProvider);
  const problems: { error: unknown; event: AnyJarvisEvent }[] = [];
  const support = new SpanSupport(
    tracerProvider.getTracer('paired-spans-test'),
    new GenAiMetrics(new MeterProvider().getMeter('paired-spans-test')),
    {
      captureContent: false,
      remoteAgents: new Set(),
      stepSpans: true,
      toolType: () => 'function',
      maxOpenSpans,
      onError: (error, event) => problems.push({ error, event }),
    },
  );
  const paired = new PairedSpans<OpenSpan>(support);
  const start = (name: string) => (startMs: number) => ({
    span: support.start(name, {
      kind: SpanKind.INTERNAL,
      startMs,
      attributes: {},
      parent: undefined,
    }),
    startMs,
  });
  const finish = (entry: OpenSpan | undefined, endMs: number) => {
    if (entry !== undefined) support.finish(entry, endMs);
  };
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  return { paired, start, finish, spans, problems };
}

/** A real end event, as the bus stamps it at `timestamp`. */
function endEvent(timestamp: number): AnyJarvisEvent {
  const bus = new EventBus({ clock: () => timestamp });
  let seen: AnyJarvisEvent | undefined;
  bus.subscribe('tool_call_end', (event) => {
    seen = event;
  });
  bus.publish('tool_call_end', {
    agent: 'a',
    runId: 'r',
    callId: 'c',
    tool: 't',
    success: true,
    output: '',
    durationMs: 0,
  });
  if (seen === undefined) throw new Error('the bus delivered nothing');
  return seen;
}

describe('PairedSpans', () => {
  it('ends the span its start opened, once', () => {
    const { paired, start, finish, spans, problems } = rig();
    const opened = start('one')(T0);
    paired.open('k', opened);
    expect(paired.get('k')).toBe(opened);
    const ended = paired.end('k', endEvent(T0 + 50), 50, start('never'));
    expect(ended).toBe(opened);
    finish(ended, T0 + 50);
    expect(paired.size).toBe(0);
    expect(spans().map((span) => span.name)).toEqual(['one']);
    expect(spans()[0]?.attributes[JarvisAttr.SYNTHESIZED]).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('reports a duplicate end and touches no span', () => {
    const { paired, start, finish, spans, problems } = rig();
    paired.open('k', start('one')(T0));
    finish(paired.end('k', endEvent(T0 + 50), 50, start('never')), T0 + 50);
    const again = endEvent(T0 + 60);
    expect(paired.end('k', again, 10, start('never'))).toBeUndefined();
    expect(spans().map((span) => span.name)).toEqual(['one']);
    expect(problems).toHaveLength(1);
    expect(MalformedEventError.isInstance(problems[0]?.error)).toBe(true);
    expect(problems[0]?.error).toMatchObject({ message: 'tool_call_end: duplicate end' });
    expect(problems[0]?.event).toBe(again);
  });

  it('synthesises a start for an end without one, the event duration before it', () => {
    const { paired, start, finish, spans, problems } = rig();
    const ended = paired.end('lonely', endEvent(T0 + 1_000), 400, start('made up'));
    finish(ended, T0 + 1_000);
    const [span] = spans();
    expect(span?.name).toBe('made up');
    expect(span?.attributes[JarvisAttr.SYNTHESIZED]).toBe(true);
    expect(hrToMs(span?.startTime ?? [0, 0])).toBe(T0 + 600);
    expect(hrToMs(span?.endTime ?? [0, 0])).toBe(T0 + 1_000);
    // Without a duration the synthesised span starts and ends at the event.
    finish(paired.end('bare', endEvent(T0 + 2_000), undefined, start('instant')), T0 + 2_000);
    expect(hrToMs(spans()[1]?.startTime ?? [0, 0])).toBe(T0 + 2_000);
    expect(problems).toEqual([]);
  });

  it('interrupts the older span when a key opens again, and the oldest beyond capacity', () => {
    const { paired, start, spans } = rig(2);
    paired.open('k', start('first k')(T0));
    paired.open('k', start('second k')(T0 + 1));
    expect(spans().map((span) => span.name)).toEqual(['first k']);
    expect(spans()[0]?.attributes[ERROR_TYPE]).toBe(ErrorTypes.INTERRUPTED);
    paired.open('j', start('j')(T0 + 2));
    paired.open('i', start('i')(T0 + 3));
    expect(spans().map((span) => span.name)).toEqual(['first k', 'second k']);
    expect(paired.size).toBe(2);
    expect(paired.drain().map((entry) => entry.startMs)).toEqual([T0 + 2, T0 + 3]);
  });

  it('takes the open spans whose key matches, and forgets them as ended', () => {
    const { paired, start, problems } = rig();
    paired.open('w/a', start('a')(T0));
    paired.open('w/b', start('b')(T0));
    paired.open('x/c', start('c')(T0));
    expect(paired.takeWhere((key) => key.startsWith('w/')).map((entry) => entry.startMs)).toEqual([
      T0,
      T0,
    ]);
    expect(paired.size).toBe(1);
    expect(paired.end('w/a', endEvent(T0 + 5), 5, start('never'))).toBeUndefined();
    expect(problems).toHaveLength(1);
  });
});
