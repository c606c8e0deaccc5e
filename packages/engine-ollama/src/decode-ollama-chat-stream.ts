import { EngineStreamError, FramingError, type StreamChunk } from '@openjarvis/core';
import {
  isRecord,
  normalizeFinishReason,
  readErrorValue,
  ToolCallAccumulator,
} from '@openjarvis/engine-kit';
import { readOllamaToolCall, readOllamaUsage } from './read-ollama-reply.js';

/**
 * Turns the NDJSON lines of a native `/api/chat` stream into core stream
 * chunks. Tool calls arrive whole and are reported at once (a delta, then the
 * parsed call). The stream must end with a `done: true` line, which gives the
 * finish reason (`tool_calls` when a call was seen, since Ollama says `stop`)
 * and the usage. An `{"error":…}` line, a line that is not JSON, or an end
 * without `done` is an `EngineStreamError`.
 */
export async function* decodeOllamaChatStream(
  lines: AsyncIterable<string>,
  url: string,
): AsyncGenerator<StreamChunk, void, undefined> {
  const fail = (message: string, cause?: unknown): EngineStreamError =>
    new EngineStreamError({
      engineId: 'ollama',
      url,
      message: `ollama stream from ${url} ${message}`,
      cause,
    });
  const calls = new ToolCallAccumulator();
  try {
    for await (const line of lines) {
      let payload: unknown;
      try {
        payload = JSON.parse(line);
      } catch (error) {
        throw fail(
          `sent a line that is not JSON: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`,
          error,
        );
      }
      if (!isRecord(payload)) throw fail('sent a line that is not an object');
      if (payload.error !== undefined && payload.error !== null) {
        throw fail(`reported an error: ${readErrorValue(payload)?.message ?? 'unknown error'}`);
      }
      const message = isRecord(payload.message) ? payload.message : {};
      if (typeof message.thinking === 'string' && message.thinking !== '') {
        yield { type: 'reasoning', delta: message.thinking };
      }
      if (typeof message.content === 'string' && message.content !== '') {
        yield { type: 'content', delta: message.content };
      }
      if (Array.isArray(message.tool_calls)) {
        let position = 0;
        for (const entry of message.tool_calls) {
          const fragment = readOllamaToolCall(entry);
          if (fragment !== undefined) yield calls.add(fragment, position, true);
          position++;
        }
        for (const toolCall of calls.takeClosed()) yield { type: 'tool_call', toolCall };
      }
      if (payload.done === true) {
        const finishReason = normalizeFinishReason(payload.done_reason, calls.size > 0);
        yield { type: 'finish', finishReason };
        yield { type: 'usage', usage: readOllamaUsage(payload) };
        return;
      }
    }
  } catch (error) {
    if (FramingError.isInstance(error)) throw fail(error.message, error);
    throw error;
  }
  throw fail('ended without its final "done": true line');
}
