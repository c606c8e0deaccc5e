import { EngineResponseError, type GenerateResult } from '@openjarvis/core';
import {
  isRecord,
  normalizeFinishReason,
  readErrorValue,
  ToolCallAccumulator,
} from '@openjarvis/engine-kit';
import { pickChoice } from './pick-choice.js';
import { readToolCallFragment } from './read-tool-call-fragment.js';
import { emptyUsage, readOpenAIUsage } from './usage.js';

export interface CompletionContext {
  engineId: string;
  url: string;
  /** The model asked for, used when the reply names none. */
  model: string;
}

/** A non-streamed `/v1/chat/completions` reply to a `GenerateResult`. */
export function parseOpenAICompletion(
  payload: unknown,
  context: CompletionContext,
): GenerateResult {
  const fail = (message: string): EngineResponseError =>
    new EngineResponseError({
      engineId: context.engineId,
      url: context.url,
      message: `${context.engineId} reply from ${context.url} ${message}`,
    });
  if (!isRecord(payload)) throw fail('is not a JSON object');
  if (payload.error !== undefined && payload.error !== null) {
    throw fail(`is an error: ${readErrorValue(payload)?.message ?? 'unknown error'}`);
  }
  const choice = pickChoice(payload);
  if (choice === undefined) throw fail('has no choices');
  const message = isRecord(choice.message) ? choice.message : {};
  const calls = new ToolCallAccumulator();
  if (Array.isArray(message.tool_calls)) {
    message.tool_calls.forEach((entry, position) => {
      const fragment = readToolCallFragment(entry);
      if (fragment !== undefined) calls.add(fragment, position, true);
    });
  }
  const finishReason = normalizeFinishReason(choice.finish_reason, calls.size > 0);
  const result: GenerateResult = {
    content: typeof message.content === 'string' ? message.content : '',
    toolCalls: calls.all(finishReason),
    finishReason,
    usage: readOpenAIUsage(payload.usage) ?? { ...emptyUsage },
    model: typeof payload.model === 'string' ? payload.model : context.model,
  };
  const reasoning = readReasoning(message);
  if (reasoning !== undefined) result.reasoning = reasoning;
  return result;
}

/** vLLM and llama-server say `reasoning_content`; Ollama's `/v1` and newer vLLM say `reasoning`. */
export function readReasoning(message: Record<string, unknown>): string | undefined {
  const value = message.reasoning_content ?? message.reasoning;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
