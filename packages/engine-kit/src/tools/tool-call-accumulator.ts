import type { FinishReason, StreamChunk, ToolCall } from '@openjarvis/core';
import { parseToolArguments } from './parse-tool-arguments.js';

/** A piece of a tool call as an engine sends it: a whole call or a fragment. */
export interface ToolCallFragment {
  /** The engine's `index` for the call, when it sends one. */
  index?: number | undefined;
  id?: string | undefined;
  name?: string | undefined;
  /** A piece of the arguments' JSON text (the whole text for a whole call). */
  arguments?: string | undefined;
}

export type ToolCallDeltaChunk = Extract<StreamChunk, { type: 'tool_call_delta' }>;

interface Slot {
  ordinal: number;
  id: string | undefined;
  name: string;
  argumentText: string;
  /** No more fragments will join this call. */
  closed: boolean;
  /** Already handed out as a finished `ToolCall`. */
  delivered: boolean;
}

/**
 * Assembles tool calls from whatever granularity an engine streams them in:
 * whole calls (Ollama), token fragments (vLLM), character fragments
 * (llama-server). A fragment joins the open call with the same `index`; without
 * an index, the one with the same `id`; without either, the call last seen at
 * the same position in the chunk's `tool_calls` array. A different `id` under a
 * known index starts a new call.
 *
 * Arguments are parsed once, when a call is finished; JSON that does not parse
 * (typically cut off under `finish_reason: "length"`) is reported in
 * `argumentsError`, never thrown. Calls without an id get `call_<n>`, n being
 * the call's position in the reply.
 */
export class ToolCallAccumulator {
  readonly #slots: Slot[] = [];
  readonly #byIndex = new Map<number, Slot>();
  readonly #byId = new Map<string, Slot>();
  readonly #byPosition = new Map<number, Slot>();

  /** Number of calls seen so far. */
  get size(): number {
    return this.#slots.length;
  }

  /**
   * Adds a fragment and returns the delta to report. `position` is the
   * fragment's place in its chunk's `tool_calls` array. Pass `whole: true` for
   * a complete call, which closes it at once.
   */
  add(fragment: ToolCallFragment, position: number, whole = false): ToolCallDeltaChunk {
    const id = fragment.id === '' ? undefined : fragment.id;
    const slot = this.#find(fragment.index, id, position) ?? this.#open(fragment.index, id);
    this.#byPosition.set(position, slot);
    if (slot.id === undefined && id !== undefined) {
      slot.id = id;
      this.#byId.set(id, slot);
    }
    const delta: ToolCallDeltaChunk = {
      type: 'tool_call_delta',
      index: slot.ordinal,
      argumentsDelta: fragment.arguments ?? '',
    };
    if (slot.id !== undefined) delta.id = slot.id;
    if (fragment.name !== undefined && fragment.name !== '' && slot.name === '') {
      slot.name = fragment.name;
      delta.name = fragment.name;
    }
    slot.argumentText += fragment.arguments ?? '';
    if (whole) slot.closed = true;
    return delta;
  }

  /** Closed calls not handed out yet (whole calls), parsed. */
  takeClosed(finishReason?: FinishReason): ToolCall[] {
    return this.#deliver(
      this.#slots.filter((slot) => slot.closed),
      finishReason,
    );
  }

  /** Closes every call and returns the ones not handed out yet, parsed. */
  finish(finishReason?: FinishReason): ToolCall[] {
    for (const slot of this.#slots) slot.closed = true;
    return this.#deliver(this.#slots, finishReason);
  }

  /** Every call seen, parsed, in order (for a non-streamed reply). */
  all(finishReason?: FinishReason): ToolCall[] {
    return this.#slots.map((slot) => toToolCall(slot, finishReason));
  }

  #find(index: number | undefined, id: string | undefined, position: number): Slot | undefined {
    let slot: Slot | undefined;
    if (index !== undefined) slot = this.#byIndex.get(index);
    else if (id !== undefined) slot = this.#byId.get(id);
    else slot = this.#byPosition.get(position);
    if (slot === undefined || slot.closed) return undefined;
    if (id !== undefined && slot.id !== undefined && slot.id !== id) return undefined;
    return slot;
  }

  #open(index: number | undefined, id: string | undefined): Slot {
    const slot: Slot = {
      ordinal: this.#slots.length,
      id,
      name: '',
      argumentText: '',
      closed: false,
      delivered: false,
    };
    this.#slots.push(slot);
    if (index !== undefined) this.#byIndex.set(index, slot);
    if (id !== undefined) this.#byId.set(id, slot);
    return slot;
  }

  #deliver(slots: readonly Slot[], finishReason: FinishReason | undefined): ToolCall[] {
    const calls: ToolCall[] = [];
    for (const slot of slots) {
      if (slot.delivered) continue;
      slot.delivered = true;
      calls.push(toToolCall(slot, finishReason));
    }
    return calls;
  }
}

function toToolCall(slot: Slot, finishReason: FinishReason | undefined): ToolCall {
  const parsed = parseToolArguments(slot.argumentText, finishReason);
  const call: ToolCall = {
    id: slot.id ?? `call_${slot.ordinal}`,
    name: slot.name,
    arguments: parsed.arguments,
    rawArguments: slot.argumentText,
  };
  if (slot.name === '') {
    call.argumentsError = `the engine sent no function name for this call${parsed.argumentsError === undefined ? '' : `; ${parsed.argumentsError}`}`;
  } else if (parsed.argumentsError !== undefined) {
    call.argumentsError = parsed.argumentsError;
  }
  return call;
}
