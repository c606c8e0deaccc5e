import {
  EngineStreamError,
  type FinishReason,
  FramingError,
  type StreamChunk,
} from '@openjarvis/core';
import {
  isRecord,
  normalizeFinishReason,
  readErrorValue,
  type SseEvent,
  ToolCallAccumulator,
} from '@openjarvis/engine-kit';
import { readReasoning } from '../chat/parse-openai-completion.js';
import { pickChoice } from '../chat/pick-choice.js';
import { readToolCallFragment } from '../chat/read-tool-call-fragment.js';
import { readOpenAIUsage } from '../chat/usage.js';

export interface ChatStreamContext {
  engineId: string;
  url: string;
}

/**
 * Turns the server-sent events of a `/v1/chat/completions` stream into core
 * stream chunks.
 *
 * Chunks with `choices: []` (the final usage chunk) are read for their usage
 * only. Finished tool calls are reported just before the `finish` chunk. The
 * stream must end with `data: [DONE]`: an `error` payload inside the stream,
 * an unparseable event, or an end without `[DONE]` is an `EngineStreamError`.
 */
export async function* decodeOpenAIChatStream(
  batches: AsyncIterable<readonly SseEvent[]>,
  context: ChatStreamContext,
): AsyncGenerator<StreamChunk, void, undefined> {
  const fail = (message: string, cause?: unknown): EngineStreamError =>
    new EngineStreamError({
      engineId: context.engineId,
      url: context.url,
      message: `${context.engineId} stream from ${context.url} ${message}`,
      cause,
    });
  const calls = new ToolCallAccumulator();
  let finishReason: FinishReason | undefined;
  try {
    for await (const batch of batches) {
      for (const event of batch) {
        if (event.data === '[DONE]') {
          if (finishReason === undefined) {
            finishReason = normalizeFinishReason(undefined, calls.size > 0);
            for (const toolCall of calls.finish(finishReason))
              yield { type: 'tool_call', toolCall };
            yield { type: 'finish', finishReason };
          }
          return;
        }
        let payload: unknown;
        try {
          payload = JSON.parse(event.data);
        } catch (error) {
          throw event.unterminated === true
            ? fail('was cut off in the middle of an event, before [DONE]')
            : fail(`sent an event that is not JSON: ${preview(event.data)}`, error);
        }
        if (!isRecord(payload))
          throw fail(`sent an event that is not an object: ${preview(event.data)}`);
        if ((payload.error !== undefined && payload.error !== null) || event.event === 'error') {
          const reported = readErrorValue(payload)?.message ?? preview(event.data);
          throw fail(`reported an error: ${reported}`);
        }
        const choice = pickChoice(payload);
        if (choice !== undefined) {
          const delta = isRecord(choice.delta) ? choice.delta : {};
          const reasoning = readReasoning(delta);
          if (reasoning !== undefined) yield { type: 'reasoning', delta: reasoning };
          if (typeof delta.content === 'string' && delta.content !== '') {
            yield { type: 'content', delta: delta.content };
          }
          if (Array.isArray(delta.tool_calls)) {
            let position = 0;
            for (const entry of delta.tool_calls) {
              const fragment = readToolCallFragment(entry);
              if (fragment !== undefined) yield calls.add(fragment, position);
              position++;
            }
          }
          if (typeof choice.finish_reason === 'string' && finishReason === undefined) {
            finishReason = normalizeFinishReason(choice.finish_reason, calls.size > 0);
            for (const toolCall of calls.finish(finishReason))
              yield { type: 'tool_call', toolCall };
            yield { type: 'finish', finishReason };
          }
        }
        const usage = readOpenAIUsage(payload.usage);
        if (usage !== undefined) yield { type: 'usage', usage };
      }
    }
  } catch (error) {
    if (FramingError.isInstance(error)) throw fail(error.message, error);
    throw error;
  }
  throw fail(
    finishReason === undefined
      ? 'ended before the reply was complete (no finish reason, no [DONE])'
      : 'ended without its [DONE] terminator',
  );
}

function preview(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
