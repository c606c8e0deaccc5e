import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEvent, sessionOf } from './events.js';

const catalog = JSON.parse(
  readFileSync(new URL('../__fixtures__/event-catalog.json', import.meta.url), 'utf8'),
) as Record<string, { event: unknown }>;

describe('parseEvent against events captured from opencode 1.18', () => {
  it.each(Object.entries(catalog))('accepts %s', (_name, { event }) => {
    const parsed = parseEvent(JSON.stringify(event));
    expect(parsed.ok).toBe(true);
  });

  it('recognises the events a turn acts on, and passes others through as unknown', () => {
    const known = Object.values(catalog)
      .map(({ event }) => parseEvent(JSON.stringify(event)))
      .flatMap((parsed) => (parsed.ok ? [parsed.event.type] : []));
    expect(known).toEqual(
      expect.arrayContaining([
        'session.idle',
        'session.error',
        'session.status',
        'message.part.updated',
        'message.part.delta',
        'permission.asked',
        'unknown',
      ]),
    );
  });

  it('finds the session of session-scoped events', () => {
    const delta = catalog['message.part.delta']?.event as { properties: { sessionID: string } };
    const parsed = parseEvent(JSON.stringify(delta));
    expect(parsed.ok && sessionOf(parsed.event)).toBe(delta.properties.sessionID);
    const heartbeat = parseEvent(JSON.stringify(catalog['server.heartbeat']?.event));
    expect(heartbeat.ok && sessionOf(heartbeat.event)).toBeUndefined();
  });
});

describe('parseEvent on bad input', () => {
  it('reports a payload that is not JSON', () => {
    expect(parseEvent('{"type": "session.idle", ')).toEqual({
      ok: false,
      reason: 'event is not valid JSON',
      data: '{"type": "session.idle", ',
    });
  });

  it('reports a payload without a type', () => {
    const parsed = parseEvent('{"properties": {}}');
    expect(parsed).toMatchObject({ ok: false, reason: 'event has no type' });
  });

  it('reports a known event whose shape does not match', () => {
    const parsed = parseEvent(
      JSON.stringify({ type: 'session.idle', properties: { sessionID: 42 } }),
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/^malformed session\.idle event/);
  });

  it('reports a tool part with an unknown state', () => {
    const parsed = parseEvent(
      JSON.stringify({
        type: 'message.part.updated',
        properties: {
          part: {
            id: 'prt_1',
            sessionID: 'ses_1',
            messageID: 'msg_1',
            type: 'tool',
            tool: 'bash',
            callID: 'c',
            state: { status: 'exploded' },
          },
        },
      }),
    );
    // A tool part with a state we do not know still parses as a generic part rather than failing the run.
    expect(parsed.ok).toBe(true);
  });
});
