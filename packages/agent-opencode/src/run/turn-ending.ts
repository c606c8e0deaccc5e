import type { Failure } from '@openjarvis/core';
import { OpenCodeError } from '../errors.js';
import { classifyOpenCodeError } from '../protocol/classify-error.js';
import type { MessageError } from '../protocol/messages.js';
import type { ServerExit } from '../server/opencode-server.js';

/** How a turn ended. */
export type TurnEnding =
  /** opencode finished the turn: its result is in the session's messages. */
  | { kind: 'finished' }
  /** The run stopped the turn (abort, time limit, stall, engine retries, a failed prompt). */
  | { kind: 'stopped'; error: Failure }
  /** The server died: there is nothing left to read. */
  | { kind: 'crashed'; error: Failure };

/** What brought the turn to its end. */
export type TurnEnd =
  /** The session went idle, was found idle after a reconnect, or the wait for its last word passed. */
  | { by: 'opencode' }
  /** A stopping turn waited long enough for opencode to wind it down, or was never prompted. */
  | { by: 'stop'; reason: Failure }
  /** Creating the session or sending the prompt failed. */
  | { by: 'failure'; error: Failure }
  | { by: 'server_exit'; exit: ServerExit };

/**
 * The one place that decides how a turn ended. A run already stopping keeps
 * its own reason whatever ends it: an abort that kills the server mid-way is
 * still an abort, and opencode's idle after the abort is not a success.
 */
export function endingOf(end: TurnEnd, stopping: Failure | undefined): TurnEnding {
  switch (end.by) {
    case 'server_exit':
      return { kind: 'crashed', error: stopping ?? turnFailures.serverCrashed(end.exit) };
    case 'failure':
      return { kind: 'stopped', error: stopping ?? end.error };
    case 'stop':
      return { kind: 'stopped', error: stopping ?? end.reason };
    case 'opencode':
      return stopping === undefined ? { kind: 'finished' } : { kind: 'stopped', error: stopping };
  }
}

/** Whether the session's messages can still be read after this ending. */
export function messagesReadable(ending: TurnEnding): boolean {
  return ending.kind !== 'crashed';
}

/**
 * The turn's failure, if any. A finished turn failed if opencode reported an
 * error (on its last message, or on the session when no reply was made);
 * failing that, if its messages could not be read.
 */
export function turnError(
  ending: TurnEnding,
  reported: MessageError | undefined,
  unreadable: Failure | undefined,
): Failure | undefined {
  if (ending.kind !== 'finished') return ending.error;
  return reported === undefined ? unreadable : classifyOpenCodeError(reported);
}

/** Every failure a turn ends with that opencode did not report, worded once. */
export const turnFailures = {
  aborted: (): Failure => ({ kind: 'aborted', message: 'the run was aborted by its caller' }),
  timedOut: (): Failure => ({
    kind: 'timeout',
    message: 'the run did not finish within its time limit',
  }),
  stalled: (silentMs: number): Failure => ({
    kind: 'engine_stalled',
    message: `no progress from opencode or the engine for ${silentMs} ms (stallTimeoutMs): the engine accepted the request but stopped answering`,
  }),
  serverCrashed: (exit: ServerExit): Failure => ({
    kind: 'server_crashed',
    message: `the opencode server exited during the run (code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'})`,
  }),
  /** Creating the session or sending the prompt threw. */
  setupFailed: (error: unknown): Failure => ({
    kind: OpenCodeError.isInstance(error) ? error.kind : 'protocol_error',
    message: errorText(error),
  }),
  messagesUnreadable: (error: unknown): Failure => ({
    kind: 'protocol_error',
    message: `could not read the session's messages: ${errorText(error)}`,
  }),
};

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
