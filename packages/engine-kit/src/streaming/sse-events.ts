import { FramingError } from '@openjarvis/core';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One server-sent event. Comments (`:` keep-alive lines) are dropped. */
export interface SseEvent {
  /** The `event:` field, when the server set one. */
  event?: string | undefined;
  data: string;
  /** Set on an event the stream ended inside of, before its blank line. */
  unterminated?: true;
}

export interface SseReadOptions {
  /**
   * Largest event (or unterminated line) held in memory, in characters.
   * @default 16777216
   */
  maxEventSize?: number;
}

/**
 * Splits a byte stream into server-sent events. Bytes are decoded as UTF-8
 * across chunk boundaries, and events split over any number of chunks are
 * reassembled (`\n`, `\r\n` and `\r` line ends all work). An event left
 * unterminated when the stream ends is still delivered, so a final error
 * event without its blank line is not lost; whether the stream ended properly
 * is for the caller to judge from the events it saw.
 *
 * Events are yielded in arrays, one per network chunk, to keep the per-event
 * cost low on fast local engines.
 */
export async function* readSseEventBatches(
  chunks: AsyncIterable<Uint8Array | string>,
  options: SseReadOptions = {},
): AsyncGenerator<SseEvent[], void, undefined> {
  let batch: SseEvent[] = [];
  let failure: FramingError | undefined;
  const parser = createParser({
    maxBufferSize: options.maxEventSize ?? 16 * 1024 * 1024,
    onEvent(message: EventSourceMessage) {
      batch.push(message.event === undefined ? { data: message.data } : message);
    },
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') {
        failure = new FramingError(`server-sent event larger than the limit: ${error.message}`);
      }
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (failure !== undefined) throw failure;
    if (batch.length > 0) {
      const ready = batch;
      batch = [];
      yield ready;
    }
  }
  parser.feed(`${decoder.decode()}\n\n`);
  if (failure !== undefined) throw failure;
  if (batch.length > 0) yield batch.map((event) => ({ ...event, unterminated: true as const }));
}

/** `readSseEventBatches`, one event at a time. */
export async function* readSseEvents(
  chunks: AsyncIterable<Uint8Array | string>,
  options: SseReadOptions = {},
): AsyncGenerator<SseEvent, void, undefined> {
  for await (const batch of readSseEventBatches(chunks, options)) yield* batch;
}
