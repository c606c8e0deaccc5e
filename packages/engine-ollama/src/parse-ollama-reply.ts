import { EngineResponseError, type GenerateResult } from '@openjarvis/core';
import {
  isRecord,
  normalizeFinishReason,
  readErrorValue,
  ToolCallAccumulator,
} from '@openjarvis/engine-kit';
import { readOllamaToolCall, readOllamaUsage } from './read-ollama-reply.js';

export interface OllamaReplyContext {
  url: string;
  model: string;
}

/** A non-streamed `/api/chat` reply (`stream: false`) to a `GenerateResult`. */
export function parseOllamaReply(payload: unknown, context: OllamaReplyContext): GenerateResult {
  const fail = (message: string): EngineResponseError =>
    new EngineResponseError({
      engineId: 'ollama',
      url: context.url,
      message: `ollama reply from ${context.url} ${message}`,
    });
  if (!isRecord(payload)) throw fail('is not a JSON object');
  if (payload.error !== undefined && payload.error !== null) {
    throw fail(`is an error: ${readErrorValue(payload)?.message ?? 'unknown error'}`);
  }
  if (payload.done !== true || !isRecord(payload.message)) {
    throw fail('is incomplete (no message, or done is not true)');
  }
  const message = payload.message;
  const calls = new ToolCallAccumulator();
  if (Array.isArray(message.tool_calls)) {
    message.tool_calls.forEach((entry, position) => {
      const fragment = readOllamaToolCall(entry);
      if (fragment !== undefined) calls.add(fragment, position, true);
    });
  }
  const finishReason = normalizeFinishReason(payload.done_reason, calls.size > 0);
  const result: GenerateResult = {
    content: typeof message.content === 'string' ? message.content : '',
    toolCalls: calls.all(finishReason),
    finishReason,
    usage: readOllamaUsage(payload),
    model: typeof payload.model === 'string' ? payload.model : context.model,
  };
  if (typeof message.thinking === 'string' && message.thinking !== '') {
    result.reasoning = message.thinking;
  }
  return result;
}
