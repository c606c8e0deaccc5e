import type { Failure } from '@openjarvis/core';
import { match, P } from 'ts-pattern';
import { classifyRetryMessage } from '../protocol/classify-error.js';
import { type KnownEvent, type OpenCodeEvent, sessionOf } from '../protocol/events.js';
import type { MessageError, MessageWithParts } from '../protocol/messages.js';
import { isTextPart, isToolPart, type Part } from '../protocol/parts.js';
import type { ServerExit } from '../server/opencode-server.js';
import type { PermissionRequest } from './permission-handling.js';
import { TextParts } from './text-parts.js';
import { ToolCalls } from './tool-calls.js';
import { endingOf, type TurnEnd, type TurnEnding, turnError, turnFailures } from './turn-ending.js';
import type { TurnEmission } from './turn-events.js';

/** What the translator learns of the world; the driver feeds it. */
export type TurnInput =
  /** The session exists (created, or the one continued). */
  | { type: 'session'; sessionId: string }
  /** The session is watched and the workspace snapshot taken: the prompt may go. */
  | { type: 'ready_to_prompt' }
  /** Creating the session or sending the prompt failed. */
  | { type: 'failed'; error: unknown }
  | { type: 'event'; event: OpenCodeEvent }
  | { type: 'malformed_event'; reason: string }
  /** The event stream was reopened: events of the gap are lost. */
  | { type: 'reconnected' }
  /** The answer to `check_busy`. */
  | { type: 'busy_sessions'; sessionIds: readonly string[] }
  | { type: 'caller_aborted' }
  | { type: 'deadline_passed' }
  | { type: 'stalled'; silentMs: number }
  /** The wait of an `arm_settle` passed. */
  | { type: 'settled' }
  /** The wait of an `abort_session` passed. */
  | { type: 'abort_waited' }
  | { type: 'server_exited'; exit: ServerExit };

/** What the driver must do for the translator, in order. */
export type TurnCommand =
  | { do: 'prompt' }
  /** Ask opencode to abort the turn; feed `abort_waited` after `waitMs`. */
  | { do: 'abort_session'; waitMs: number }
  /** Feed `settled` after `ms`. */
  | { do: 'arm_settle'; ms: number }
  /** Decide the request, reply to opencode, and report the reply. */
  | { do: 'answer_permission'; request: PermissionRequest }
  /** Ask opencode which sessions are busy; feed `busy_sessions`. */
  | { do: 'check_busy' }
  /** The stall watch (see `StallWatch`): progress, start, and what holds it. */
  | { do: 'stall_progress'; quietUntil?: number }
  | { do: 'stall_start' }
  | { do: 'stall_hold'; key: string }
  | { do: 'stall_release'; key: string };

/** The translator's answer to one input. */
export interface TurnStep {
  /** Live events for the sink, in order. */
  emit: TurnEmission[];
  do: TurnCommand[];
  /** Set when this input ended the turn; later inputs change nothing. */
  ended?: TurnEnding;
}

/** The session's messages after the turn, as the driver could read them. */
export type MessagesRead =
  | { read: 'ok'; messages: MessageWithParts[] }
  | { read: 'failed'; error: unknown }
  /** Not read: the server is gone, or no session was made. */
  | { read: 'skipped' };

export interface TurnResult {
  /** The last live events: tool calls the stream missed, and those the turn's end interrupted. */
  emit: TurnEmission[];
  /** The assistant messages that followed this turn's prompt, in order. */
  assistantMessages: MessageWithParts[];
  error: Failure | undefined;
}

export interface TurnTranslatorOptions {
  runId: string;
  /** The id the prompt's user message is sent with. */
  userMessageId: string;
  /** Engine retries opencode may make before the run stops. */
  maxEngineRetries: number;
}

// After an error or an abort opencode sends a first idle *before* the final
// message update; wait this long for the second idle.
export const settleMs = 2_000;
// Bound on waiting for opencode to wind a turn down after an abort.
export const abortWaitMs = 4_000;

/**
 * One turn's translation from opencode's events to live tool and text events,
 * and the decision when the turn is over. Pure: it keeps the turn's state and
 * answers each input with what to emit and what to do; the driver
 * (`runTurn`) does the I/O and keeps the timers.
 */
export class TurnTranslator {
  readonly #options: TurnTranslatorOptions;
  readonly #tools = new ToolCalls();
  readonly #text: TextParts;
  #sessionId: string | undefined;
  #ending: TurnEnding | undefined;
  /** Why the run is stopping, once it is: it keeps this reason however the turn then ends. */
  #stopping: Failure | undefined;
  /** Whether opencode's loop has reported a status for the session yet. */
  #loopSeen = false;
  /** Whether the abort went out before the loop reported anything (so it may have come too early). */
  #abortedBeforeLoop = false;
  /** Whether the abort was sent again, because opencode's loop started after the first. */
  #abortRepeated = false;
  /** The first error opencode reported on the session. */
  #sessionError: MessageError | undefined;
  #idles = 0;
  #settleArmed = false;

  constructor(options: TurnTranslatorOptions) {
    this.#options = options;
    this.#text = new TextParts(options.userMessageId);
  }

  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  get ending(): TurnEnding | undefined {
    return this.#ending;
  }

  apply(input: TurnInput): TurnStep {
    const step: TurnStep = { emit: [], do: [] };
    // The session is the caller's to discard, even one made after the turn ended.
    if (input.type === 'session') this.#sessionId = input.sessionId;
    if (this.#ending !== undefined) return step;
    match(input)
      .with({ type: 'session' }, () => {})
      .with({ type: 'ready_to_prompt' }, () => {
        if (this.#stopping === undefined) step.do.push({ do: 'prompt' });
        else this.#end(step, { by: 'stop', reason: this.#stopping });
      })
      .with({ type: 'failed' }, ({ error }) =>
        this.#end(step, { by: 'failure', error: turnFailures.setupFailed(error) }),
      )
      .with({ type: 'event' }, ({ event }) => this.#event(step, event))
      .with({ type: 'malformed_event' }, ({ reason }) =>
        step.emit.push({
          to: 'error',
          data: {
            kind: 'malformed_event',
            message: `ignored a malformed event from opencode: ${reason}`,
          },
        }),
      )
      .with({ type: 'reconnected' }, () => {
        step.emit.push({
          to: 'status',
          data: { status: 'stream_reconnected', message: 'reconnected to opencode events' },
        });
        // Events are not replayed after a reconnect: if the session went idle
        // meanwhile, the idle was missed, so ask.
        if (this.#sessionId !== undefined) step.do.push({ do: 'check_busy' });
      })
      .with({ type: 'busy_sessions' }, ({ sessionIds }) => {
        if (this.#sessionId !== undefined && !sessionIds.includes(this.#sessionId))
          this.#end(step, { by: 'opencode' });
      })
      .with({ type: 'caller_aborted' }, () => this.#stop(step, turnFailures.aborted()))
      .with({ type: 'deadline_passed' }, () => this.#stop(step, turnFailures.timedOut()))
      .with({ type: 'stalled' }, ({ silentMs }) => this.#stop(step, turnFailures.stalled(silentMs)))
      .with({ type: 'settled' }, () => this.#end(step, { by: 'opencode' }))
      .with({ type: 'abort_waited' }, () => {
        if (this.#stopping !== undefined) this.#end(step, { by: 'stop', reason: this.#stopping });
      })
      .with({ type: 'server_exited' }, ({ exit }) => this.#end(step, { by: 'server_exit', exit }))
      .exhaustive();
    return step;
  }

  /**
   * The turn's result from the session's messages, once it has ended. Every
   * tool call still reaches listeners once, started and ended, whatever the
   * stream missed.
   */
  finish(read: MessagesRead): TurnResult {
    const ending = this.#ending;
    if (ending === undefined) throw new Error('TurnTranslator.finish: the turn has not ended');
    const assistantMessages = read.read === 'ok' ? this.#turnMessages(read.messages) : [];
    const emit: TurnEmission[] = [];
    for (const message of assistantMessages) {
      for (const part of message.parts)
        if (isToolPart(part)) emit.push(...this.#tools.update(part));
    }
    emit.push(...this.#tools.interrupt(this.#sessionId));
    const last = assistantMessages.at(-1);
    // Without a reply (an unknown model, say) the error is only on the session.
    const reported =
      last?.info.error ?? (assistantMessages.length === 0 ? this.#sessionError : undefined);
    const unreadable =
      read.read === 'failed' ? turnFailures.messagesUnreadable(read.error) : undefined;
    return { emit, assistantMessages, error: turnError(ending, reported, unreadable) };
  }

  #event(step: TurnStep, event: OpenCodeEvent): void {
    if (this.#sessionId === undefined || sessionOf(event) !== this.#sessionId) return;
    step.do.push({ do: 'stall_progress' });
    // Silence counts from opencode's first status (its loop turning to the
    // engine); what comes before is opencode's own start-up, which the run's
    // time limit bounds.
    if (event.type === 'session.status') step.do.push({ do: 'stall_start' });
    // An abort that reached opencode before its loop took up the prompt did
    // nothing (opencode answers `true` all the same): the loop turning busy
    // after it is the sign, so abort once more.
    if (
      this.#abortedBeforeLoop &&
      !this.#abortRepeated &&
      event.type === 'session.status' &&
      event.properties.status.type === 'busy'
    ) {
      this.#abortRepeated = true;
      step.do.push({ do: 'abort_session', waitMs: abortWaitMs });
    }
    if (event.type === 'session.status') this.#loopSeen = true;
    match(event)
      .with({ type: 'message.part.updated' }, (e) => this.#part(step, e.properties.part))
      .with({ type: 'message.part.delta', properties: { field: 'text' } }, (e) =>
        step.emit.push(...this.#text.delta(e.properties)),
      )
      .with({ type: 'session.status', properties: { status: { type: 'retry' } } }, (e) => {
        const status = e.properties.status;
        // opencode is silent until its next attempt; that wait is not a stall.
        step.do.push({
          do: 'stall_progress',
          ...(status.next === undefined ? {} : { quietUntil: status.next }),
        });
        const message = status.message ?? 'the engine request failed';
        step.emit.push({
          to: 'status',
          data: {
            status: 'retrying',
            message,
            ...(status.attempt === undefined ? {} : { attempt: status.attempt }),
          },
        });
        if ((status.attempt ?? 1) > this.#options.maxEngineRetries)
          this.#stop(step, classifyRetryMessage(message));
      })
      .with({ type: 'session.error' }, (e) => {
        this.#sessionError ??= e.properties.error ?? { name: 'UnknownError' };
        if (this.#idles > 0) this.#armSettle(step);
      })
      .with(
        {
          type: 'message.updated',
          properties: { info: { role: 'assistant', error: P.nonNullable } },
        },
        () => {
          // The final update of a failed or aborted reply, after the first idle: nothing follows.
          if (this.#idles > 0) this.#end(step, { by: 'opencode' });
        },
      )
      .with({ type: 'session.idle' }, () => this.#idle(step))
      .with({ type: 'permission.asked' }, (e) => this.#permission(step, e))
      .otherwise(() => {});
  }

  #part(step: TurnStep, part: Part): void {
    if (isTextPart(part)) {
      step.emit.push(...this.#text.update(part));
      return;
    }
    if (!isToolPart(part)) return;
    for (const emission of this.#tools.update(part)) {
      step.emit.push(emission);
      // A running tool is opencode at work, not a stall (a quiet `sleep 60`).
      if (emission.to === 'toolStart') step.do.push({ do: 'stall_hold', key: part.id });
      else step.do.push({ do: 'stall_release', key: part.id });
    }
  }

  #idle(step: TurnStep): void {
    this.#idles++;
    // After an error or an abort the first idle comes before the final
    // message update: wait for the second (or that update), within a bound.
    const needsSecondIdle = this.#sessionError !== undefined || this.#stopping !== undefined;
    if (!needsSecondIdle || this.#idles >= 2) this.#end(step, { by: 'opencode' });
    else this.#armSettle(step);
  }

  #permission(step: TurnStep, event: Extract<KnownEvent, { type: 'permission.asked' }>): void {
    const asked = event.properties;
    const request: PermissionRequest = {
      requestId: asked.id,
      sessionId: asked.sessionID,
      runId: this.#options.runId,
      permission: asked.permission,
      patterns: asked.patterns,
      metadata: asked.metadata,
      ...(asked.tool === undefined ? {} : { callId: asked.tool.callID }),
    };
    const { runId: _, ...data } = request;
    step.emit.push({ to: 'permissionRequest', data });
    step.do.push({ do: 'answer_permission', request });
  }

  /** Stopping (abort, time limit, stall, engine retries): ask opencode to abort, and wait a bounded while for its idle. */
  #stop(step: TurnStep, reason: Failure): void {
    if (this.#stopping !== undefined) return;
    this.#stopping = reason;
    if (this.#sessionId === undefined) this.#end(step, { by: 'stop', reason });
    else {
      this.#abortedBeforeLoop = !this.#loopSeen;
      step.do.push({ do: 'abort_session', waitMs: abortWaitMs });
    }
  }

  #armSettle(step: TurnStep): void {
    if (this.#settleArmed) return;
    this.#settleArmed = true;
    step.do.push({ do: 'arm_settle', ms: settleMs });
  }

  #end(step: TurnStep, end: TurnEnd): void {
    this.#ending = endingOf(end, this.#stopping);
    step.ended = this.#ending;
  }

  /**
   * Everything after the prompt's user message belongs to this turn (the
   * session is the run's alone), including what opencode adds itself: on a
   * context overflow it inserts a compaction exchange whose assistant
   * message carries the error. A prompt never sent owns nothing: the
   * messages of a continued session are earlier turns'.
   */
  #turnMessages(messages: MessageWithParts[]): MessageWithParts[] {
    const start = messages.findIndex((message) => message.info.id === this.#options.userMessageId);
    if (start < 0) return [];
    return messages.slice(start + 1).filter((message) => message.info.role === 'assistant');
  }
}
