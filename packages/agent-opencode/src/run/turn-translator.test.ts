import { describe, expect, it } from 'vitest';
import { OpenCodeError } from '../errors.js';
import type { MessageWithParts } from '../protocol/messages.js';
import {
  bashInput,
  completed,
  events,
  parsed,
  readFixture,
  replyId,
  running,
  sessionId,
  TurnHarness,
  toolPart,
  userMessageId,
} from '../test-support/turn-harness.js';
import { abortWaitMs, settleMs } from './turn-translator.js';

const catalog = readFixture<Record<string, { event: unknown }>>('event-catalog.json');

/** A catalogue event moved into the turn's session (or another), as opencode would send it there. */
function fromCatalog(name: string, session = sessionId) {
  const entry = catalog[name];
  if (entry === undefined) throw new Error(`no "${name}" in the event catalogue`);
  return parsed(JSON.parse(JSON.stringify(entry.event).replaceAll(/ses_[0-9A-Za-z]+/g, session)));
}

describe('TurnTranslator on the recorded event catalogue', () => {
  // What each recorded event of the turn's own session makes of a fresh turn.
  const expected: Record<string, { emits: string[]; ends?: true }> = {
    'message.part.delta': { emits: ['textDelta'] },
    'message.part.updated [text]': { emits: ['textDelta'] },
    'message.part.updated [tool:running]': { emits: ['toolStart'] },
    'message.part.updated [tool:completed]': { emits: ['toolStart', 'toolEnd'] },
    'message.part.updated [tool:error]': { emits: ['toolStart', 'toolEnd'] },
    'session.status [retry]': { emits: ['status'] },
    'permission.asked': { emits: ['permissionRequest'] },
    'session.idle': { emits: [], ends: true },
  };

  it.each(Object.keys(catalog))('%s', (name) => {
    const turn = TurnHarness.prompted().feed(fromCatalog(name));
    expect(turn.emitted.map((emission) => emission.to)).toEqual(expected[name]?.emits ?? []);
    expect(turn.ending).toEqual(expected[name]?.ends === true ? { kind: 'finished' } : undefined);
  });

  it('counts every event of the session as progress, and starts the stall watch on a status', () => {
    const turn = TurnHarness.prompted().feed(fromCatalog('message.part.updated [step-start]'));
    expect(turn.commands).toEqual([{ do: 'stall_progress' }]);
    turn.clear().feed(fromCatalog('session.status [busy]'));
    expect(turn.commands).toEqual([{ do: 'stall_progress' }, { do: 'stall_start' }]);
    // A heartbeat belongs to no session: it says nothing of the turn's progress.
    turn.clear().feed(fromCatalog('server.heartbeat'));
    expect(turn.commands).toEqual([]);
  });

  it('ignores every event of other sessions: no events, no progress, no end', () => {
    const turn = TurnHarness.prompted();
    for (const name of Object.keys(catalog)) turn.feed(fromCatalog(name, 'ses_someone_else'));
    expect(turn.emitted).toEqual([]);
    expect(turn.commands).toEqual([]);
    expect(turn.ending).toBeUndefined();
  });

  it('ignores events before the session is known', () => {
    const turn = new TurnHarness().feed(
      fromCatalog('session.idle'),
      fromCatalog('message.part.delta'),
    );
    expect(turn.emitted).toEqual([]);
    expect(turn.ending).toBeUndefined();
  });
});

describe('TurnTranslator: text', () => {
  it('passes deltas on as they come, then nothing more for the finished part', () => {
    const turn = TurnHarness.prompted().feed(
      events.text('prt_1', ''),
      events.delta('prt_1', 'Hello '),
      events.delta('prt_1', 'world'),
      events.text('prt_1', 'Hello world', { finished: true }),
    );
    expect(turn.sent('textDelta')).toEqual([
      { delta: 'Hello ', kind: 'text', partId: 'prt_1', sessionId },
      { delta: 'world', kind: 'text', partId: 'prt_1', sessionId },
    ]);
  });

  it('emits a part that arrives complete without deltas, once however often it is updated', () => {
    const turn = TurnHarness.prompted().feed(
      events.text('prt_1', 'all at once', { finished: true }),
      events.text('prt_1', 'all at once', { finished: true }),
    );
    expect(turn.sent('textDelta')).toEqual([
      { delta: 'all at once', kind: 'text', partId: 'prt_1', sessionId },
    ]);
  });

  it('emits the rest of a finished part that the deltas did not carry', () => {
    const turn = TurnHarness.prompted().feed(
      events.delta('prt_1', 'Hel'),
      events.text('prt_1', 'Hello', { finished: true }),
    );
    expect(turn.sent('textDelta').map((data) => data.delta)).toEqual(['Hel', 'lo']);
  });

  it('emits nothing for a part still streaming', () => {
    const turn = TurnHarness.prompted().feed(events.text('prt_1', 'partial'));
    expect(turn.emitted).toEqual([]);
  });

  it('keeps reasoning apart from text', () => {
    const turn = TurnHarness.prompted().feed(
      events.text('prt_r', '', { type: 'reasoning' }),
      events.delta('prt_r', 'thinking'),
      events.delta('prt_t', 'answer'),
    );
    expect(turn.sent('textDelta').map(({ kind, delta }) => [kind, delta])).toEqual([
      ['reasoning', 'thinking'],
      ['text', 'answer'],
    ]);
  });

  it("ignores the text of the prompt's own user message, parts and deltas", () => {
    const turn = TurnHarness.prompted().feed(
      events.text('prt_u', 'do the task', { finished: true, messageID: userMessageId }),
      events.delta('prt_u', 'do the task', { messageID: userMessageId }),
    );
    expect(turn.emitted).toEqual([]);
  });
});

describe('TurnTranslator: tool calls', () => {
  it('starts a call when it runs and ends it when it completes, with its outcome', () => {
    const turn = TurnHarness.prompted().feed(
      events.tool('prt_t', { status: 'pending', input: {}, raw: '' }),
      events.tool('prt_t', running),
      events.tool('prt_t', completed),
    );
    expect(turn.emitted).toEqual([
      {
        to: 'toolStart',
        data: { tool: 'bash', callId: 'call_1', input: bashInput, sessionId },
      },
      {
        to: 'toolEnd',
        data: {
          tool: 'bash',
          callId: 'call_1',
          success: true,
          output: 'hi\n',
          durationMs: 250,
          sessionId,
        },
      },
    ]);
    // A running tool holds the stall watch: a quiet command is no stall.
    expect(
      turn.commands.filter(
        (command) => command.do.startsWith('stall_h') || command.do.startsWith('stall_r'),
      ),
    ).toEqual([
      { do: 'stall_hold', key: 'prt_t' },
      { do: 'stall_release', key: 'prt_t' },
    ]);
  });

  it('starts and ends a call once, however often opencode repeats its updates', () => {
    const turn = TurnHarness.prompted().feed(
      events.tool('prt_t', running),
      events.tool('prt_t', running),
      events.tool('prt_t', { ...running, metadata: { output: 'h' } }),
      events.tool('prt_t', completed),
      events.tool('prt_t', completed),
    );
    expect(turn.emitted.map((emission) => emission.to)).toEqual(['toolStart', 'toolEnd']);
  });

  it('tells apart calls with the same call id in different replies', () => {
    const turn = TurnHarness.prompted().feed(
      events.tool('prt_a', completed, 'call_0'),
      events.tool('prt_b', completed, 'call_0'),
    );
    expect(turn.emitted.map((emission) => emission.to)).toEqual([
      'toolStart',
      'toolEnd',
      'toolStart',
      'toolEnd',
    ]);
  });

  it('reports a failed command as a failed call', () => {
    const turn = TurnHarness.prompted().feed(
      events.tool('prt_t', { ...completed, output: 'nope', metadata: { exit: 1 } }),
    );
    expect(turn.sent('toolEnd')).toMatchObject([
      { success: false, error: { kind: 'tool_error', message: 'the command exited with code 1' } },
    ]);
  });
});

describe('TurnTranslator: the end of a turn', () => {
  it('ends on the idle of a turn without error', () => {
    const turn = TurnHarness.prompted().feed(
      events.status('busy'),
      events.status('idle'),
      events.idle(),
    );
    expect(turn.ending).toEqual({ kind: 'finished' });
    expect(turn.endedAfter).toBe(3);
  });

  it('ignores the idle of another session', () => {
    const turn = TurnHarness.prompted().feed(events.idle('ses_other'));
    expect(turn.ending).toBeUndefined();
  });

  it('after an error, waits past the first idle (it comes before the final update) for that update', () => {
    const turn = TurnHarness.prompted().feed(
      events.sessionError('APIError', 'fake bad request', { statusCode: 400 }),
      events.idle(),
    );
    expect(turn.ending).toBeUndefined();
    expect(turn.actions()).toEqual([{ do: 'arm_settle', ms: settleMs }]);
    turn.feed(
      events.text('prt_1', 'partial', { finished: true }),
      events.replyFailed('APIError', 'fake bad request'),
    );
    expect(turn.sent('textDelta').map((data) => data.delta)).toEqual(['partial']);
    expect(turn.ending).toEqual({ kind: 'finished' });
    expect(turn.endedAfter).toBe(4);
  });

  it('after an error, ends at the second idle', () => {
    const turn = TurnHarness.prompted().feed(
      events.sessionError('APIError', 'boom'),
      events.idle(),
      events.idle(),
    );
    expect(turn.ending).toEqual({ kind: 'finished' });
    expect(turn.endedAfter).toBe(3);
  });

  it('after an error and one idle, ends when the settle passes', () => {
    const turn = TurnHarness.prompted().feed(
      events.sessionError('UnknownError', 'Model not found: x'),
      events.idle(),
    );
    expect(turn.ending).toBeUndefined();
    turn.feed({ type: 'settled' });
    expect(turn.ending).toEqual({ kind: 'finished' });
  });

  it('arms the settle once, for an error that comes after the idle too', () => {
    const turn = TurnHarness.prompted().feed(
      events.sessionError('UnknownError', 'Model not found: x'),
      events.idle(),
      events.sessionError('UnknownError', 'Model not found: x, with a stack'),
    );
    expect(turn.actions()).toEqual([{ do: 'arm_settle', ms: settleMs }]);
  });

  it('does not end on a failed reply before any idle', () => {
    const turn = TurnHarness.prompted().feed(events.replyFailed('APIError', 'boom'));
    expect(turn.ending).toBeUndefined();
  });

  it('changes nothing once ended', () => {
    const turn = TurnHarness.prompted().feed(events.idle()).clear();
    turn.feed(
      events.delta('prt_1', 'late'),
      events.tool('prt_t', running),
      { type: 'reconnected' },
      { type: 'malformed_event', reason: 'bad' },
      { type: 'caller_aborted' },
      { type: 'server_exited', exit: { code: 1, signal: undefined } },
    );
    expect(turn.emitted).toEqual([]);
    expect(turn.commands).toEqual([]);
    expect(turn.ending).toEqual({ kind: 'finished' });
  });
});

describe('TurnTranslator: stopping', () => {
  it('asks opencode to abort, then ends at the second idle with its own reason', () => {
    const turn = TurnHarness.prompted().feed({ type: 'caller_aborted' });
    expect(turn.actions()).toEqual([{ do: 'abort_session', waitMs: abortWaitMs }]);
    turn.feed(events.sessionError('MessageAbortedError', 'Aborted'), events.idle());
    expect(turn.ending).toBeUndefined();
    turn.feed(events.replyFailed('MessageAbortedError', 'Aborted'));
    expect(turn.ending).toEqual({
      kind: 'stopped',
      error: { kind: 'aborted', message: 'the run was aborted by its caller' },
    });
  });

  it('waits for a second idle even when opencode reports no error', () => {
    const turn = TurnHarness.prompted().feed({ type: 'deadline_passed' }, events.idle());
    expect(turn.ending).toBeUndefined();
    turn.feed(events.idle());
    expect(turn.ending).toMatchObject({ kind: 'stopped', error: { kind: 'timeout' } });
  });

  it('ends when opencode stays silent after the abort, once the wait passed', () => {
    const turn = TurnHarness.prompted().feed({ type: 'stalled', silentMs: 120_000 });
    expect(turn.ending).toBeUndefined();
    turn.feed({ type: 'abort_waited' });
    expect(turn.ending).toEqual({
      kind: 'stopped',
      error: {
        kind: 'engine_stalled',
        message: expect.stringContaining('no progress from opencode or the engine for 120000 ms'),
      },
    });
  });

  it('aborts once more when opencode’s loop turns busy after the abort (the first came too early to stop it)', () => {
    const turn = TurnHarness.prompted().feed({ type: 'deadline_passed' });
    expect(turn.actions()).toEqual([{ do: 'abort_session', waitMs: abortWaitMs }]);
    turn.clear().feed(events.status('busy'));
    expect(turn.actions()).toEqual([{ do: 'abort_session', waitMs: abortWaitMs }]);
    turn.clear().feed(events.status('busy'));
    expect(turn.actions()).toEqual([]);
    turn.feed(events.idle(), events.idle());
    expect(turn.ending).toMatchObject({ kind: 'stopped', error: { kind: 'timeout' } });
  });

  it('does not abort again when the loop was already running at the abort', () => {
    const turn = TurnHarness.prompted().feed(events.status('busy'), { type: 'caller_aborted' });
    expect(turn.actions()).toEqual([{ do: 'abort_session', waitMs: abortWaitMs }]);
    turn.clear().feed(events.status('busy'));
    expect(turn.actions()).toEqual([]);
  });

  it('keeps the first reason to stop', () => {
    const turn = TurnHarness.prompted().feed(
      { type: 'deadline_passed' },
      { type: 'caller_aborted' },
      { type: 'stalled', silentMs: 1 },
    );
    expect(turn.actions()).toEqual([{ do: 'abort_session', waitMs: abortWaitMs }]);
    turn.feed(events.idle(), events.idle());
    expect(turn.ending).toMatchObject({ kind: 'stopped', error: { kind: 'timeout' } });
  });

  it('ends at once when stopped before the session exists, and never prompts', () => {
    const turn = new TurnHarness().feed({ type: 'caller_aborted' });
    expect(turn.ending).toMatchObject({ kind: 'stopped', error: { kind: 'aborted' } });
    turn.feed({ type: 'session', sessionId }, { type: 'ready_to_prompt' });
    expect(turn.commands).toEqual([]);
    // The session made meanwhile is still known, for the caller to discard.
    expect(turn.translator.sessionId).toBe(sessionId);
  });

  it('does not prompt when stopped before the prompt', () => {
    const turn = new TurnHarness().feed({ type: 'session', sessionId }, { type: 'caller_aborted' });
    turn.feed({ type: 'ready_to_prompt' });
    expect(turn.actions()).toEqual([{ do: 'abort_session', waitMs: abortWaitMs }]);
    expect(turn.ending).toMatchObject({ kind: 'stopped', error: { kind: 'aborted' } });
  });

  it('prompts when nothing stopped the turn', () => {
    const turn = new TurnHarness().feed(
      { type: 'session', sessionId },
      { type: 'ready_to_prompt' },
    );
    expect(turn.commands).toEqual([{ do: 'prompt' }]);
  });

  it('ends with the failure of creating the session or sending the prompt', () => {
    const typed = TurnHarness.prompted().feed({
      type: 'failed',
      error: new OpenCodeError('session_busy', 'the session is busy'),
    });
    expect(typed.ending).toEqual({
      kind: 'stopped',
      error: { kind: 'session_busy', message: 'the session is busy' },
    });
    const untyped = TurnHarness.prompted().feed({
      type: 'failed',
      error: new Error('socket hang up'),
    });
    expect(untyped.ending).toEqual({
      kind: 'stopped',
      error: { kind: 'protocol_error', message: 'socket hang up' },
    });
  });

  it('crashes when the server exits, keeping the reason of a run already stopping', () => {
    const crashed = TurnHarness.prompted().feed({
      type: 'server_exited',
      exit: { code: 137, signal: undefined },
    });
    expect(crashed.ending).toEqual({
      kind: 'crashed',
      error: {
        kind: 'server_crashed',
        message: 'the opencode server exited during the run (code 137, signal none)',
      },
    });
    const stopping = TurnHarness.prompted().feed(
      { type: 'caller_aborted' },
      { type: 'server_exited', exit: { code: undefined, signal: 'SIGKILL' } },
    );
    expect(stopping.ending).toMatchObject({ kind: 'crashed', error: { kind: 'aborted' } });
  });
});

describe('TurnTranslator: engine retries', () => {
  it('reports each retry and stops past maxEngineRetries, for the reason the engine gave', () => {
    const turn = TurnHarness.prompted({ maxEngineRetries: 2 });
    turn.feed(
      events.status('retry', { attempt: 1, message: 'Cannot connect to API', next: 5_000 }),
      events.status('retry', { attempt: 2, message: 'Cannot connect to API', next: 9_000 }),
    );
    expect(turn.sent('status')).toEqual([
      { status: 'retrying', message: 'Cannot connect to API', attempt: 1 },
      { status: 'retrying', message: 'Cannot connect to API', attempt: 2 },
    ]);
    // opencode is silent until its next attempt: that wait is not a stall.
    expect(turn.commands).toContainEqual({ do: 'stall_progress', quietUntil: 9_000 });
    expect(turn.actions()).toEqual([]);
    turn.feed(
      events.status('retry', { attempt: 3, message: 'Cannot connect to API', next: 17_000 }),
    );
    expect(turn.actions()).toEqual([{ do: 'abort_session', waitMs: abortWaitMs }]);
    turn.feed(events.sessionError('MessageAbortedError', 'Aborted'), events.idle(), events.idle());
    expect(turn.ending).toMatchObject({ kind: 'stopped', error: { kind: 'engine_unreachable' } });
  });

  it('stops at the first retry when no retries are allowed', () => {
    const turn = TurnHarness.prompted({ maxEngineRetries: 0 }).feed(
      events.status('retry', { attempt: 1, message: 'Loading model' }),
    );
    expect(turn.actions()).toEqual([{ do: 'abort_session', waitMs: abortWaitMs }]);
    turn.feed({ type: 'abort_waited' });
    expect(turn.ending).toMatchObject({ kind: 'stopped', error: { kind: 'engine_loading' } });
  });
});

describe('TurnTranslator: reconnects', () => {
  it('reports the gap and asks whether the session is still busy', () => {
    const turn = TurnHarness.prompted().feed({ type: 'reconnected' });
    expect(turn.emitted).toEqual([
      {
        to: 'status',
        data: { status: 'stream_reconnected', message: 'reconnected to opencode events' },
      },
    ]);
    expect(turn.actions()).toEqual([{ do: 'check_busy' }]);
  });

  it('goes on while the session is busy, and ends when it is not (its idle fell in the gap)', () => {
    const turn = TurnHarness.prompted().feed(
      { type: 'reconnected' },
      { type: 'busy_sessions', sessionIds: ['ses_other', sessionId] },
    );
    expect(turn.ending).toBeUndefined();
    turn.feed({ type: 'reconnected' }, { type: 'busy_sessions', sessionIds: ['ses_other'] });
    expect(turn.ending).toEqual({ kind: 'finished' });
  });

  it('keeps the reason of a stopping run when its idle fell in the gap', () => {
    const turn = TurnHarness.prompted().feed(
      { type: 'caller_aborted' },
      { type: 'reconnected' },
      { type: 'busy_sessions', sessionIds: [] },
    );
    expect(turn.ending).toMatchObject({ kind: 'stopped', error: { kind: 'aborted' } });
  });

  it('reports a malformed event and goes on', () => {
    const turn = TurnHarness.prompted().feed({
      type: 'malformed_event',
      reason: 'event is not valid JSON',
    });
    expect(turn.emitted).toEqual([
      {
        to: 'error',
        data: {
          kind: 'malformed_event',
          message: 'ignored a malformed event from opencode: event is not valid JSON',
        },
      },
    ]);
    expect(turn.ending).toBeUndefined();
  });
});

describe('TurnTranslator: permissions', () => {
  it('reports the request and asks the driver to answer it', () => {
    const turn = TurnHarness.prompted({ runId: 'run_7' }).feed(fromCatalog('permission.asked'));
    const asked = {
      requestId: 'per_20bd13d03001L895UEbkPTDfFq',
      sessionId,
      permission: 'bash',
      patterns: ['echo hi'],
      metadata: { command: 'echo hi' },
      callId: 'call_5',
    };
    expect(turn.emitted).toEqual([{ to: 'permissionRequest', data: asked }]);
    expect(turn.actions()).toEqual([
      { do: 'answer_permission', request: { ...asked, runId: 'run_7' } },
    ]);
  });
});

describe('TurnTranslator.finish', () => {
  const earlier = message('msg_earlier', 'assistant', [toolPart('prt_old', completed)]);
  const prompt = message(userMessageId, 'user', []);

  it('takes the assistant messages after the prompt, not those of earlier turns', () => {
    const reply = message(replyId, 'assistant', []);
    const turn = TurnHarness.prompted().feed(events.idle());
    const result = turn.translator.finish({ read: 'ok', messages: [earlier, prompt, reply] });
    expect(result.assistantMessages).toEqual([reply]);
    expect(result.emit).toEqual([]);
    expect(result.error).toBeUndefined();
  });

  it('starts and ends the calls the stream missed, once', () => {
    const reply = message(replyId, 'assistant', [
      toolPart('prt_seen', completed),
      toolPart('prt_missed', completed, 'call_2'),
    ]);
    const turn = TurnHarness.prompted().feed(events.tool('prt_seen', completed), events.idle());
    const result = turn.translator.finish({ read: 'ok', messages: [prompt, reply] });
    expect(result.emit).toMatchObject([
      { to: 'toolStart', data: { callId: 'call_2' } },
      { to: 'toolEnd', data: { callId: 'call_2', success: true } },
    ]);
  });

  it('ends as interrupted the calls that never ended', () => {
    const turn = TurnHarness.prompted().feed(
      events.tool('prt_t', running),
      { type: 'caller_aborted' },
      { type: 'abort_waited' },
    );
    const result = turn.translator.finish({ read: 'skipped' });
    expect(result.emit).toEqual([
      {
        to: 'toolEnd',
        data: {
          tool: 'bash',
          callId: 'call_1',
          success: false,
          output: 'the tool call was interrupted',
          durationMs: 0,
          error: { kind: 'interrupted', message: 'the run ended while the tool was running' },
          sessionId,
        },
      },
    ]);
    expect(result.error).toMatchObject({ kind: 'aborted' });
  });

  it("fails with the error of the turn's last message", () => {
    const reply = message(replyId, 'assistant', [], {
      name: 'APIError',
      data: { message: 'fake bad request', statusCode: 400 },
    });
    const turn = TurnHarness.prompted().feed(
      events.sessionError('APIError', 'fake bad request'),
      events.idle(),
      events.idle(),
    );
    expect(turn.translator.finish({ read: 'ok', messages: [prompt, reply] }).error).toEqual({
      kind: 'engine_error',
      message: 'the engine answered HTTP 400: fake bad request',
    });
  });

  it('fails with the error on the session when no reply was made', () => {
    const turn = TurnHarness.prompted().feed(
      events.sessionError('UnknownError', 'Model not found: fakeprov/nope'),
      events.idle(),
      { type: 'settled' },
    );
    expect(turn.translator.finish({ read: 'ok', messages: [prompt] }).error).toEqual({
      kind: 'model_not_found',
      message: 'Model not found: fakeprov/nope',
    });
  });

  it('fails when the messages of a finished turn could not be read', () => {
    const turn = TurnHarness.prompted().feed(events.idle());
    expect(turn.translator.finish({ read: 'failed', error: new Error('HTTP 500') }).error).toEqual({
      kind: 'protocol_error',
      message: "could not read the session's messages: HTTP 500",
    });
  });

  it('owns no message of a continued session when its prompt was never sent', () => {
    // Stopped before the prompt (the time limit passed during the workspace snapshot).
    const turn = new TurnHarness().feed(
      { type: 'session', sessionId },
      { type: 'deadline_passed' },
      { type: 'ready_to_prompt' },
    );
    expect(turn.commands).not.toContainEqual({ do: 'prompt' });
    const earlierPrompt = message('msg_earlier_prompt', 'user', []);
    const result = turn.translator.finish({ read: 'ok', messages: [earlierPrompt, earlier] });
    expect(result.assistantMessages).toEqual([]);
    expect(result.emit).toEqual([]);
    expect(result.error).toMatchObject({ kind: 'timeout' });
  });

  it('keeps the reason of a stopped turn over what its messages say', () => {
    const reply = message(replyId, 'assistant', [], { name: 'MessageAbortedError' });
    const turn = TurnHarness.prompted().feed(
      { type: 'deadline_passed' },
      events.idle(),
      events.idle(),
    );
    expect(turn.translator.finish({ read: 'ok', messages: [prompt, reply] }).error).toMatchObject({
      kind: 'timeout',
    });
  });

  it('refuses to finish a turn that has not ended', () => {
    expect(() => TurnHarness.prompted().translator.finish({ read: 'skipped' })).toThrow(
      /not ended/,
    );
  });
});

function message(
  id: string,
  role: 'user' | 'assistant',
  parts: MessageWithParts['parts'],
  error?: { name: string; data?: Record<string, unknown> },
): MessageWithParts {
  return {
    info: { id, sessionID: sessionId, role, ...(error === undefined ? {} : { error }) },
    parts,
  };
}
