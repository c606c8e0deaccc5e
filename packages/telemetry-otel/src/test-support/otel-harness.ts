import {
  type AnyJarvisEvent,
  EventBus,
  type EventName,
  exactClock,
  type PublishArgs,
} from '@openjarvis/core';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, vi } from 'vitest';
import { type BusInstrumentation, instrumentBus } from '../instrument-bus.js';
import type { InstrumentBusOptions } from '../instrument-bus-options.js';

/** A fixed epoch for test clocks: 2026-01-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);

/**
 * A real EventBus wired to real OpenTelemetry SDK providers with in-memory
 * exporters, and a publish helper that stamps events at a chosen time.
 */
export class OtelHarness {
  // Tests set the time of each event, so every publish must read the clock.
  readonly bus = new EventBus({ clock: exactClock });
  readonly spanExporter = new InMemorySpanExporter();
  readonly tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(this.spanExporter)],
  });
  readonly metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  readonly metricReader = new PeriodicExportingMetricReader({
    exporter: this.metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  readonly meterProvider = new MeterProvider({ readers: [this.metricReader] });
  readonly problems: { error: unknown; event: AnyJarvisEvent }[] = [];
  readonly listenerErrors: AnyJarvisEvent[] = [];
  readonly instrumentation: BusInstrumentation;

  constructor(options: InstrumentBusOptions = {}) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    this.bus.subscribe('listener_error', (event) => this.listenerErrors.push(event));
    this.instrumentation = instrumentBus(this.bus, {
      tracerProvider: this.tracerProvider,
      meterProvider: this.meterProvider,
      onError: (error, event) => this.problems.push({ error, event }),
      ...options,
    });
  }

  /** Publishes an event stamped `offsetMs` after `T0`. */
  at<T extends EventName>(offsetMs: number, type: T, ...args: PublishArgs<T>): void {
    vi.setSystemTime(T0 + offsetMs);
    this.bus.publish(type, ...args);
  }

  spans(): ReadableSpan[] {
    return this.spanExporter.getFinishedSpans();
  }

  /** The one finished span called `name`; fails when there is not exactly one. */
  span(name: string): ReadableSpan {
    const found = this.spans().filter((span) => span.name === name);
    if (found.length !== 1) {
      throw new Error(`expected one span named ${name}, found ${found.length}`);
    }
    return found[0] as ReadableSpan;
  }

  async metric(name: string): Promise<MetricData | undefined> {
    await this.metricReader.forceFlush();
    const latest = this.metricExporter.getMetrics().at(-1);
    return latest?.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((metric) => metric.descriptor.name === name);
  }

  /** The histogram points of a metric, each with its attributes. */
  async histogramPoints(name: string): Promise<DataPoint<Histogram>[]> {
    const metric = await this.metric(name);
    return (metric?.dataPoints ?? []) as DataPoint<Histogram>[];
  }

  async shutdown(): Promise<void> {
    this.instrumentation.dispose();
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
    vi.useRealTimers();
  }
}

/**
 * For a test file: returns a factory of harnesses, each shut down after the
 * test that made it (shutdown also restores the real clock).
 */
export function harnessPerTest(): (options?: InstrumentBusOptions) => OtelHarness {
  const made: OtelHarness[] = [];
  afterEach(async () => {
    for (const harness of made.splice(0)) await harness.shutdown();
  });
  return (options) => {
    const harness = new OtelHarness(options);
    made.push(harness);
    return harness;
  };
}

/** Milliseconds since the epoch of an exported `HrTime`. */
export function hrToMs([seconds, nanos]: [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}

export function parentId(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

export function spanId(span: ReadableSpan): string {
  return span.spanContext().spanId;
}

export function traceId(span: ReadableSpan): string {
  return span.spanContext().traceId;
}
