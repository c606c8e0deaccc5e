import type { TextPart } from '../protocol/parts.js';
import type { TurnEmission } from './turn-events.js';

/** A `message.part.delta` of a part's text. */
export interface TextDelta {
  sessionID: string;
  messageID: string;
  partID: string;
  delta: string;
}

/**
 * The model's text and reasoning of one turn, as deltas: opencode's own
 * deltas as they come, and whatever of a finished part they did not carry
 * (a part that arrives complete, without deltas or with fewer). The text of
 * the prompt's own user message is not the model's and is left out.
 */
export class TextParts {
  readonly #userMessageId: string;
  readonly #parts = new Map<string, { kind: 'text' | 'reasoning'; emitted: number }>();

  constructor(userMessageId: string) {
    this.#userMessageId = userMessageId;
  }

  /** An update of a text or reasoning part: the rest of its text once it is finished. */
  update(part: TextPart): TurnEmission<'textDelta'>[] {
    if (part.messageID === this.#userMessageId) return [];
    const state = this.#state(part.id, part.type);
    if (part.time?.end === undefined || part.text.length <= state.emitted) return [];
    const delta = part.text.slice(state.emitted);
    state.emitted = part.text.length;
    return [
      {
        to: 'textDelta',
        data: { delta, kind: state.kind, partId: part.id, sessionId: part.sessionID },
      },
    ];
  }

  /** A delta of a part's text, passed on as it is. */
  delta(delta: TextDelta): TurnEmission<'textDelta'>[] {
    if (delta.messageID === this.#userMessageId) return [];
    // A delta before its part's first update is taken for text, not reasoning.
    const state = this.#state(delta.partID, 'text');
    state.emitted += delta.delta.length;
    return [
      {
        to: 'textDelta',
        data: {
          delta: delta.delta,
          kind: state.kind,
          partId: delta.partID,
          sessionId: delta.sessionID,
        },
      },
    ];
  }

  #state(partId: string, kind: 'text' | 'reasoning') {
    let state = this.#parts.get(partId);
    if (state === undefined) {
      state = { kind, emitted: 0 };
      this.#parts.set(partId, state);
    }
    return state;
  }
}
