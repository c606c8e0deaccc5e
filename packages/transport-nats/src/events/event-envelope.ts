import { type AnyJarvisEvent, EventType } from '@openjarvis/core';
import { FleetError } from '../errors.js';
import { parseTraceparent } from './traceparent.js';

/**
 * One bus event as it travels between processes. `id` is stable (a re-send
 * carries the same one, so JetStream and receivers drop the copy); `seq`
 * counts the events of one run from 1, in publish order.
 */
export interface EventEnvelope {
  /** `<source>:<runId>:<seq>`. */
  readonly id: string;
  readonly runId: string;
  readonly seq: number;
  /** When the event was published, ms since the epoch (the event's own timestamp). */
  readonly timestamp: number;
  /** W3C trace context of the run, shared by all its events. */
  readonly traceparent: string;
  /** The process that published it (a worker id, a bridge id). */
  readonly source: string;
  /** The fleet task the run belongs to, when it is one. */
  readonly taskId?: string;
  readonly event: AnyJarvisEvent;
}

const knownTypes = new Set<string>(Object.values(EventType));

export function encodeEnvelope(envelope: EventEnvelope): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(envelope));
}

/**
 * Parses and checks an envelope. Throws a `FleetError` (`malformed_message`)
 * naming the first field that is wrong. Event types this version does not
 * know pass (a newer publisher may add some); receivers ignore what they do
 * not subscribe to.
 */
export function decodeEnvelope(bytes: Uint8Array): EventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw malformed('not JSON', error);
  }
  if (typeof value !== 'object' || value === null) throw malformed('not an object');
  const v = value as Partial<Record<keyof EventEnvelope, unknown>>;
  if (typeof v.id !== 'string' || v.id === '') throw malformed('id is not a string');
  if (typeof v.runId !== 'string' || v.runId === '') throw malformed('runId is not a string');
  if (typeof v.seq !== 'number' || !Number.isInteger(v.seq) || v.seq < 1) {
    throw malformed('seq is not a positive integer');
  }
  if (typeof v.timestamp !== 'number') throw malformed('timestamp is not a number');
  if (typeof v.traceparent !== 'string' || parseTraceparent(v.traceparent) === undefined) {
    throw malformed('traceparent is not a W3C traceparent');
  }
  if (typeof v.source !== 'string') throw malformed('source is not a string');
  if (v.taskId !== undefined && typeof v.taskId !== 'string')
    throw malformed('taskId is not a string');
  const event = v.event as { type?: unknown; timestamp?: unknown } | undefined;
  if (typeof event !== 'object' || event === null || typeof event.type !== 'string') {
    throw malformed('event has no type');
  }
  if (typeof event.timestamp !== 'number') throw malformed('event.timestamp is not a number');
  return value as EventEnvelope;
}

/** True when this version knows the event type, so its payload type can be trusted. */
export function isKnownEventType(type: string): boolean {
  return knownTypes.has(type);
}

function malformed(why: string, cause?: unknown): FleetError {
  return new FleetError('malformed_message', `malformed event envelope: ${why}`, { cause });
}
