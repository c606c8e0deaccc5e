import { describe, expect, it } from 'vitest';
import type { OpenCodeEvent } from '../protocol/events.js';
import type { MessageWithParts } from '../protocol/messages.js';
import { parsed, readFixture, TurnHarness } from '../test-support/turn-harness.js';
import { abortWaitMs, settleMs } from './turn-translator.js';

// Whole turns as opencode 1.18 sent them to a client of `GET /event` (with the
// scripted model behind it), and the session's messages afterwards.
interface RecordedTurn {
  source: string;
  sessionId: string;
  userMessageId: string;
  events: unknown[];
  messages?: MessageWithParts[];
}

const recorded = readFixture<Record<string, RecordedTurn>>('recorded-turns.json');

/**
 * Replays a recorded turn through a translator, event by event; `stopBefore`
 * feeds a stop just before the first event of that type (where the recording's
 * client sent its abort).
 */
function replay(
  name: string,
  options: { maxEngineRetries?: number; stopBefore?: OpenCodeEvent['type'] } = {},
) {
  const turn = recorded[name];
  if (turn === undefined) throw new Error(`no recorded turn "${name}"`);
  const harness = new TurnHarness({
    userMessageId: turn.userMessageId,
    maxEngineRetries: options.maxEngineRetries ?? 10,
  });
  harness.feed({ type: 'session', sessionId: turn.sessionId }, { type: 'ready_to_prompt' });
  harness.clear();
  const events = turn.events.map(parsed);
  let stopped = false;
  for (const event of events) {
    if (!stopped && event.type === options.stopBefore) {
      stopped = true;
      harness.feed({ type: 'caller_aborted' });
    }
    harness.feed(event);
  }
  return { harness, events, turn };
}

describe('TurnTranslator replaying recorded turns', () => {
  it('a tool call, then text: one start and end, the text as it streamed, the end at the idle', () => {
    const { harness, events } = replay('tool call, then text');
    const lastIdle = events.findLastIndex((event) => event.type === 'session.idle');
    expect(harness.ending).toEqual({ kind: 'finished' });
    expect(harness.endedAfter).toBe(lastIdle + 1);
    expect(harness.sent('toolStart')).toMatchObject([
      { tool: 'bash', callId: 'call_2', input: { command: 'echo hi' } },
    ]);
    expect(harness.sent('toolEnd')).toMatchObject([
      { tool: 'bash', callId: 'call_2', success: true },
    ]);
    // The prompt's own text ("Run echo hi ...") is not the model's.
    expect(harness.sent('textDelta').map((data) => data.delta)).toEqual([
      'The ',
      'command ',
      'printed ',
      'hi.',
    ]);
    expect(harness.actions()).toEqual([]);

    const messages = readFixture<MessageWithParts[]>('messages-after-bash-turn.json');
    const result = harness.translator.finish({ read: 'ok', messages });
    // The session held an earlier turn too: only this turn's replies count.
    expect(result.assistantMessages.map((message) => message.info.id)).toEqual([
      'msg_20bc589f4001BiPakIaJ3Adw64',
      'msg_20bc58ba0001yR01fXWgSl2zM0',
    ]);
    expect(result.emit).toEqual([]);
    expect(result.error).toBeUndefined();
  });

  it('abort while text streams: past the early idle to the final update, with the caller’s reason', () => {
    const { harness, events, turn } = replay('abort while text streams', {
      stopBefore: 'session.error',
    });
    const finalUpdate = events.findIndex(
      (event) => event.type === 'message.updated' && event.properties.info.error !== undefined,
    );
    // +1 for the fed stop.
    expect(harness.endedAfter).toBe(finalUpdate + 2);
    expect(harness.ending).toEqual({
      kind: 'stopped',
      error: { kind: 'aborted', message: 'the run was aborted by its caller' },
    });
    expect(harness.actions()).toEqual([
      { do: 'abort_session', waitMs: abortWaitMs },
      { do: 'arm_settle', ms: settleMs },
    ]);
    expect(
      harness
        .sent('textDelta')
        .map((data) => data.delta)
        .join(''),
    ).toBe('tick tick tick tick ');
    const result = harness.translator.finish({ read: 'ok', messages: turn.messages ?? [] });
    expect(result.assistantMessages).toHaveLength(1);
    expect(result.error).toMatchObject({ kind: 'aborted' });
  });

  it('abort while bash runs: the call ends (aborted) after the early idle, before the turn does', () => {
    const { harness, turn } = replay('abort while bash runs', { stopBefore: 'session.error' });
    expect(harness.ending).toMatchObject({ kind: 'stopped', error: { kind: 'aborted' } });
    expect(harness.sent('toolEnd')).toMatchObject([
      { tool: 'bash', success: false, error: { kind: 'aborted' } },
    ]);
    const result = harness.translator.finish({ read: 'ok', messages: turn.messages ?? [] });
    expect(result.emit).toEqual([]);
  });

  it('engine answers HTTP 400: error, early idle, final update; the reply carries the error', () => {
    const { harness, events, turn } = replay('engine answers HTTP 400');
    const idles = events.flatMap((event, index) => (event.type === 'session.idle' ? [index] : []));
    expect(idles).toHaveLength(2);
    expect(harness.endedAfter).toBeGreaterThan((idles[0] ?? 0) + 1);
    expect(harness.endedAfter).toBeLessThanOrEqual((idles[1] ?? 0) + 1);
    expect(harness.ending).toEqual({ kind: 'finished' });
    const result = harness.translator.finish({ read: 'ok', messages: turn.messages ?? [] });
    expect(result.error).toEqual({
      kind: 'engine_error',
      message: 'the engine answered HTTP 400: fake bad request',
    });
  });

  it('engine answers HTTP 429 five times: each retry reported; within the allowance opencode’s error ends the run', () => {
    const { harness, turn } = replay('engine answers HTTP 429, retried five times', {
      maxEngineRetries: 5,
    });
    expect(harness.sent('status').map((data) => data.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(harness.ending).toEqual({ kind: 'finished' });
    const result = harness.translator.finish({ read: 'ok', messages: turn.messages ?? [] });
    expect(result.error).toEqual({
      kind: 'engine_error',
      message: 'the engine answered HTTP 429: rate limited',
    });
  });

  it('engine answers HTTP 429 past maxEngineRetries: the run stops at the third attempt', () => {
    const { harness, turn } = replay('engine answers HTTP 429, retried five times', {
      maxEngineRetries: 2,
    });
    expect(harness.actions()).toEqual([
      { do: 'abort_session', waitMs: abortWaitMs },
      { do: 'arm_settle', ms: settleMs },
    ]);
    expect(harness.ending).toEqual({
      kind: 'stopped',
      error: { kind: 'engine_error', message: 'the engine failed: rate limited' },
    });
    const result = harness.translator.finish({ read: 'ok', messages: turn.messages ?? [] });
    expect(result.error).toMatchObject({
      kind: 'engine_error',
      message: 'the engine failed: rate limited',
    });
  });

  it('unknown model: one idle and no reply; the settle ends it, with the session’s error', () => {
    const { harness, turn } = replay('unknown model');
    expect(harness.ending).toBeUndefined();
    expect(harness.actions()).toEqual([{ do: 'arm_settle', ms: settleMs }]);
    harness.feed({ type: 'settled' });
    expect(harness.ending).toEqual({ kind: 'finished' });
    const result = harness.translator.finish({ read: 'ok', messages: turn.messages ?? [] });
    expect(result.assistantMessages).toEqual([]);
    expect(result.error).toMatchObject({
      kind: 'model_not_found',
      message: expect.stringContaining('Model not found: fakeprov/nope-model'),
    });
  });

  it('permission rejected: the request asked of the driver, the call failed, the end at the one idle', () => {
    const { harness } = replay('permission rejected');
    expect(harness.sent('permissionRequest')).toEqual([
      {
        requestId: 'per_20bd120a6001fqRPFbPUH0Hoxm',
        sessionId: 'ses_df42ee05dffeSaY80qqCt0NGCV',
        permission: 'bash',
        patterns: ['echo hi'],
        metadata: { command: 'echo hi' },
        callId: 'call_2',
      },
    ]);
    expect(harness.actions()).toMatchObject([
      { do: 'answer_permission', request: { requestId: 'per_20bd120a6001fqRPFbPUH0Hoxm' } },
    ]);
    expect(harness.sent('toolEnd')).toMatchObject([{ callId: 'call_2', success: false }]);
    expect(harness.ending).toEqual({ kind: 'finished' });
  });
});
