import { describe, expect, it } from 'vitest';
import { parseGlobalEvent } from './global-events.js';

describe('parseGlobalEvent', () => {
  it('unwraps the payload and names its directory', () => {
    const parsed = parseGlobalEvent(
      JSON.stringify({
        directory: '/ws/b',
        project: 'global',
        payload: { id: 'evt_1', type: 'session.idle', properties: { sessionID: 'ses_1' } },
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      directory: '/ws/b',
      event: { id: 'evt_1', type: 'session.idle', properties: { sessionID: 'ses_1' } },
    });
  });

  it('reads server-level events, which have no directory, and "global" as none', () => {
    const connected = parseGlobalEvent(
      JSON.stringify({ payload: { type: 'server.connected', properties: {} } }),
    );
    expect(connected).toMatchObject({ ok: true, directory: undefined });
    const disposed = parseGlobalEvent(
      JSON.stringify({ directory: 'global', payload: { type: 'global.disposed', properties: {} } }),
    );
    expect(disposed).toMatchObject({
      ok: true,
      directory: undefined,
      event: { type: 'unknown', originalType: 'global.disposed' },
    });
  });

  it('marks sync twins so that a reader can drop them', () => {
    const parsed = parseGlobalEvent(
      JSON.stringify({
        directory: '/ws/a',
        payload: { type: 'sync', id: 'evt_2', syncEvent: { type: 'message.updated.1', seq: 3 } },
      }),
    );
    expect(parsed).toEqual({ ok: true, directory: '/ws/a', event: undefined });
  });

  it('reports what is not an envelope or not a valid event', () => {
    expect(parseGlobalEvent('{oops')).toMatchObject({
      ok: false,
      reason: 'event is not valid JSON',
    });
    expect(parseGlobalEvent(JSON.stringify({ type: 'session.idle' }))).toMatchObject({
      ok: false,
      reason: 'global event has no payload',
    });
    expect(
      parseGlobalEvent(JSON.stringify({ directory: '/ws', payload: { type: 'session.idle' } })),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed session\.idle/) });
  });
});
