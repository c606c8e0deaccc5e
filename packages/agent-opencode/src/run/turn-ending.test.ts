import type { Failure } from '@openjarvis/core';
import { describe, expect, it } from 'vitest';
import { endingOf, type TurnEnd, turnError, turnFailures } from './turn-ending.js';

const aborted = turnFailures.aborted();
const promptFailed: Failure = { kind: 'protocol_error', message: 'HTTP 500' };
const exit = { code: 1, signal: undefined };

describe('endingOf: how a turn ended, by what ended it and whether the run was stopping', () => {
  const table: Array<[TurnEnd, Failure | undefined, ReturnType<typeof endingOf>]> = [
    [{ by: 'opencode' }, undefined, { kind: 'finished' }],
    [{ by: 'opencode' }, aborted, { kind: 'stopped', error: aborted }],
    [{ by: 'stop', reason: aborted }, aborted, { kind: 'stopped', error: aborted }],
    [{ by: 'failure', error: promptFailed }, undefined, { kind: 'stopped', error: promptFailed }],
    [{ by: 'failure', error: promptFailed }, aborted, { kind: 'stopped', error: aborted }],
    [
      { by: 'server_exit', exit },
      undefined,
      { kind: 'crashed', error: turnFailures.serverCrashed(exit) },
    ],
    [{ by: 'server_exit', exit }, aborted, { kind: 'crashed', error: aborted }],
  ];
  it.each(table)('%j while stopping for %j', (end, stopping, ending) => {
    expect(endingOf(end, stopping)).toEqual(ending);
  });
});

describe('turnError', () => {
  it('is the reason of a turn that did not finish, whatever opencode reported', () => {
    expect(turnError({ kind: 'stopped', error: aborted }, { name: 'APIError' }, undefined)).toBe(
      aborted,
    );
  });

  it("is opencode's error for a finished turn, before a failure to read the messages", () => {
    const unreadable = turnFailures.messagesUnreadable(new Error('HTTP 500'));
    expect(
      turnError({ kind: 'finished' }, { name: 'ProviderAuthError' }, unreadable),
    ).toMatchObject({
      kind: 'unauthorized',
    });
    expect(turnError({ kind: 'finished' }, undefined, unreadable)).toBe(unreadable);
    expect(turnError({ kind: 'finished' }, undefined, undefined)).toBeUndefined();
  });
});
