import type { AnyJarvisEvent } from '@openjarvis/core';
import {
  type Attributes,
  context,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { GenAiMetrics } from './genai-metrics.js';
import { epochMsToHrTime } from './hr-time.js';
import type { ToolTypeQuery } from './instrument-bus-options.js';
import type { OpenSpan } from './open-spans.js';
import { ERROR_TYPE, ErrorTypes } from './semconv.js';

/** The options with their defaults filled in. */
export interface ResolvedOptions {
  captureContent: boolean;
  remoteAgents: ReadonlySet<string>;
  stepSpans: boolean;
  toolType: (query: ToolTypeQuery) => string;
  maxOpenSpans: number;
  onError: (error: unknown, event: AnyJarvisEvent) => void;
}

export interface Failure {
  /** The `error.type` value. */
  type: string;
  /** The span status description. */
  message?: string | undefined;
}

export interface SpanStart {
  kind: SpanKind;
  startMs: number;
  attributes: Attributes;
  parent: Span | undefined;
}

/** What every span family shares: the tracer, the metrics, the options. */
export class SpanSupport {
  readonly tracer: Tracer;
  readonly metrics: GenAiMetrics;
  readonly options: ResolvedOptions;

  constructor(tracer: Tracer, metrics: GenAiMetrics, options: ResolvedOptions) {
    this.tracer = tracer;
    this.metrics = metrics;
    this.options = options;
  }

  start(name: string, start: SpanStart): Span {
    // Root spans join whatever trace is active where the event was published.
    const parentContext =
      start.parent === undefined ? context.active() : trace.setSpan(context.active(), start.parent);
    return this.tracer.startSpan(
      name,
      { kind: start.kind, startTime: epochMsToHrTime(start.startMs), attributes: start.attributes },
      parentContext,
    );
  }

  finish(entry: OpenSpan, endMs: number, failure?: Failure): void {
    if (failure !== undefined) {
      entry.span.setAttribute(ERROR_TYPE, failure.type);
      entry.span.setStatus(
        failure.message === undefined
          ? { code: SpanStatusCode.ERROR }
          : { code: SpanStatusCode.ERROR, message: failure.message },
      );
    }
    entry.span.end(epochMsToHrTime(Math.max(entry.startMs, endMs)));
  }

  /** Hands a problem to `onError`, which must not throw into the bus either. */
  report(error: unknown, event: AnyJarvisEvent): void {
    try {
      this.options.onError(error, event);
    } catch {
      // The caller's error handler failed; there is nowhere left to report to.
    }
  }

  /** Ends a span whose end event will not be seen. */
  interrupt(entry: OpenSpan, atMs: number, why: string): void {
    this.finish(entry, atMs, { type: ErrorTypes.INTERRUPTED, message: why });
  }
}
