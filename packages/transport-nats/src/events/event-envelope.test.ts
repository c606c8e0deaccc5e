import { describe, expect, it } from 'vitest';
import { FleetError } from '../errors.js';
import { decodeEnvelope, type EventEnvelope, encodeEnvelope } from './event-envelope.js';
import { formatTraceparent, parseTraceparent } from './traceparent.js';

const envelope: EventEnvelope = {
  id: 'w1:run-1:1',
  runId: 'run-1',
  seq: 1,
  timestamp: 1_700_000_000_000,
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  source: 'w1',
  taskId: 'task-1',
  event: {
    type: 'agent_status',
    timestamp: 1_700_000_000_000,
    data: { agent: 'opencode', runId: 'run-1', status: 'server_ready' },
  },
};

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('event envelopes', () => {
  it('round-trips', () => {
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
  });

  it.each([
    ['not JSON', new TextEncoder().encode('{'), 'not JSON'],
    ['a number', bytes(3), 'not an object'],
    ['no id', bytes({ ...envelope, id: '' }), 'id'],
    ['seq 0', bytes({ ...envelope, seq: 0 }), 'seq'],
    ['seq 1.5', bytes({ ...envelope, seq: 1.5 }), 'seq'],
    ['a bad traceparent', bytes({ ...envelope, traceparent: '00-xyz' }), 'traceparent'],
    [
      'an all-zero trace',
      bytes({ ...envelope, traceparent: `00-${'0'.repeat(32)}-b7ad6b7169203331-01` }),
      'traceparent',
    ],
    ['no event type', bytes({ ...envelope, event: { timestamp: 1 } }), 'event has no type'],
    ['a numeric taskId', bytes({ ...envelope, taskId: 7 }), 'taskId'],
  ])('rejects %s with a typed error naming the field', (_, input, field) => {
    let caught: unknown;
    try {
      decodeEnvelope(input);
    } catch (error) {
      caught = error;
    }
    expect(FleetError.isInstance(caught)).toBe(true);
    expect((caught as FleetError).kind).toBe('malformed_message');
    expect((caught as FleetError).message).toContain(field);
  });
});

describe('traceparent', () => {
  it('parses and formats W3C version 00', () => {
    const parsed = parseTraceparent(envelope.traceparent);
    expect(parsed).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      flags: 1,
    });
    expect(formatTraceparent(parsed as NonNullable<typeof parsed>)).toBe(envelope.traceparent);
  });

  it('refuses upper case, other versions and a zero span', () => {
    expect(parseTraceparent(envelope.traceparent.toUpperCase())).toBeUndefined();
    expect(parseTraceparent(envelope.traceparent.replace(/^00/, '01'))).toBeUndefined();
    expect(
      parseTraceparent(`00-0af7651916cd43dd8448eb211c80319c-${'0'.repeat(16)}-01`),
    ).toBeUndefined();
  });
});
