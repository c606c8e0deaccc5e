import { randomBytes } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';

/** The parts of a W3C `traceparent` header (version 00). */
export interface TraceParent {
  traceId: string;
  spanId: string;
  /** `01` when sampled. */
  flags: number;
}

const pattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Parses a `traceparent`; undefined when it is malformed or all-zero. */
export function parseTraceparent(value: string): TraceParent | undefined {
  const match = pattern.exec(value);
  if (match === null) return undefined;
  const [, traceId, spanId, flags] = match as unknown as [string, string, string, string];
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, flags: Number.parseInt(flags, 16) };
}

export function formatTraceparent(parent: TraceParent): string {
  return `00-${parent.traceId}-${parent.spanId}-${parent.flags.toString(16).padStart(2, '0')}`;
}

/**
 * A new sampled trace for a run that arrived with none, so that every event
 * of the run still names the same trace on every machine.
 */
export function newTraceparent(): string {
  return formatTraceparent({
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    flags: 1,
  });
}

/** The trace context active in the caller (an OpenTelemetry span), if any. */
export function activeTraceparent(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  if (spanContext === undefined || !trace.isSpanContextValid(spanContext)) return undefined;
  return formatTraceparent({
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    flags: spanContext.traceFlags,
  });
}
