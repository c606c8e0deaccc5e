import { readFileSync } from 'node:fs';
import { type OpenCodeEvent, parseEvent } from '../protocol/events.js';
import type { Part, ToolState } from '../protocol/parts.js';
import type { TurnEnding } from '../run/turn-ending.js';
import type { TurnEmission, TurnEventData } from '../run/turn-events.js';
import {
  type TurnCommand,
  type TurnInput,
  TurnTranslator,
  type TurnTranslatorOptions,
} from '../run/turn-translator.js';

export const sessionId = 'ses_turn';
export const userMessageId = 'msg_prompt';
/** The assistant message hand-made events belong to. */
export const replyId = 'msg_reply';

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8')) as T;
}

/** An event as the event hub hands it on: parsed and validated, or the test fails. */
export function parsed(raw: unknown): OpenCodeEvent {
  const result = parseEvent(JSON.stringify(raw));
  if (!result.ok) throw new Error(`not an event opencode sends: ${result.reason}`);
  return result.event;
}

/** One translator, fed input by input; what it emitted and asked for, in order. */
export class TurnHarness {
  readonly translator: TurnTranslator;
  readonly emitted: TurnEmission[] = [];
  readonly commands: TurnCommand[] = [];
  ending: TurnEnding | undefined;
  /** How many inputs since the last `clear` had been fed when the turn ended, the ending one included. */
  endedAfter: number | undefined;
  #fed = 0;

  constructor(options: Partial<TurnTranslatorOptions> = {}) {
    this.translator = new TurnTranslator({
      runId: 'run_1',
      userMessageId,
      maxEngineRetries: 2,
      ...options,
    });
  }

  /** A turn whose session exists and whose prompt went out. */
  static prompted(options: Partial<TurnTranslatorOptions> & { sessionId?: string } = {}) {
    const turn = new TurnHarness(options);
    turn.feed({ type: 'session', sessionId: options.sessionId ?? sessionId });
    turn.feed({ type: 'ready_to_prompt' });
    turn.clear();
    return turn;
  }

  feed(...inputs: Array<TurnInput | OpenCodeEvent>): this {
    for (const input of inputs) {
      const step = this.translator.apply(
        isTurnInput(input) ? input : { type: 'event', event: input },
      );
      this.#fed++;
      this.emitted.push(...step.emit);
      this.commands.push(...step.do);
      if (step.ended !== undefined) {
        this.ending = step.ended;
        this.endedAfter = this.#fed;
      }
    }
    return this;
  }

  /** The data sent to one sink method, in order. */
  sent<K extends keyof TurnEventData>(to: K): TurnEventData[K][] {
    // `to` names the data's type: the cast only says what the check proved.
    return this.emitted.flatMap((emission) =>
      emission.to === to ? [emission.data as TurnEventData[K]] : [],
    );
  }

  /** The commands other than the stall watch's bookkeeping. */
  actions(): TurnCommand[] {
    return this.commands.filter((command) => !command.do.startsWith('stall_'));
  }

  clear(): this {
    this.#fed = 0;
    this.emitted.length = 0;
    this.commands.length = 0;
    return this;
  }
}

const inputTypes = new Set<string>([
  'session',
  'ready_to_prompt',
  'failed',
  'event',
  'malformed_event',
  'reconnected',
  'busy_sessions',
  'caller_aborted',
  'deadline_passed',
  'stalled',
  'settled',
  'abort_waited',
  'server_exited',
] satisfies TurnInput['type'][]);

function isTurnInput(input: TurnInput | OpenCodeEvent): input is TurnInput {
  return inputTypes.has(input.type);
}

// Hand-made events of the turn's session, in opencode's shapes (see the catalogue).

export const events = {
  status: (type: string, extra: { attempt?: number; message?: string; next?: number } = {}) =>
    parsed({
      type: 'session.status',
      properties: { sessionID: sessionId, status: { type, ...extra } },
    }),
  idle: (session = sessionId) =>
    parsed({ type: 'session.idle', properties: { sessionID: session } }),
  sessionError: (name: string, message: string, data: Record<string, unknown> = {}) =>
    parsed({
      type: 'session.error',
      properties: { sessionID: sessionId, error: { name, data: { message, ...data } } },
    }),
  /** The final update of the reply, with the error it ended on. */
  replyFailed: (name: string, message: string) =>
    parsed({
      type: 'message.updated',
      properties: {
        info: {
          id: replyId,
          sessionID: sessionId,
          role: 'assistant',
          time: { created: 1, completed: 2 },
          error: { name, data: { message } },
        },
      },
    }),
  text: (
    id: string,
    text: string,
    options: { finished?: boolean; messageID?: string; type?: 'text' | 'reasoning' } = {},
  ) =>
    partUpdated({
      id,
      messageID: options.messageID ?? replyId,
      type: options.type ?? 'text',
      text,
      time: options.finished === true ? { start: 1, end: 2 } : { start: 1 },
    }),
  delta: (partID: string, delta: string, options: { messageID?: string } = {}) =>
    parsed({
      type: 'message.part.delta',
      properties: {
        sessionID: sessionId,
        messageID: options.messageID ?? replyId,
        partID,
        field: 'text',
        delta,
      },
    }),
  tool: (id: string, state: ToolState, callID = 'call_1') =>
    partUpdated(toolPart(id, state, callID)),
};

/** A bash call's part of the reply, in the given state. */
export function toolPart(id: string, state: ToolState, callID = 'call_1'): Part {
  return {
    id,
    sessionID: sessionId,
    messageID: replyId,
    type: 'tool',
    tool: 'bash',
    callID,
    state,
  };
}

function partUpdated(part: Omit<Part, 'sessionID'> & Record<string, unknown>): OpenCodeEvent {
  return parsed({
    type: 'message.part.updated',
    properties: { part: { sessionID: sessionId, ...part } },
  });
}

export const bashInput = { command: 'echo hi', description: 'Print hi' };
export const running: ToolState = { status: 'running', input: bashInput, time: { start: 1_000 } };
export const completed: ToolState = {
  status: 'completed',
  input: bashInput,
  output: 'hi\n',
  metadata: { exit: 0 },
  time: { start: 1_000, end: 1_250 },
};
