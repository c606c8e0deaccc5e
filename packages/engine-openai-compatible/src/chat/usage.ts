import type { Usage } from '@openjarvis/core';
import { isRecord } from '@openjarvis/engine-kit';

/** Reads an OpenAI `usage` object; undefined when there is none. */
export function readOpenAIUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const promptTokens = count(value.prompt_tokens);
  const completionTokens = count(value.completion_tokens);
  const usage: Usage = {
    promptTokens,
    completionTokens,
    totalTokens: count(value.total_tokens) || promptTokens + completionTokens,
  };
  const details = value.prompt_tokens_details;
  if (isRecord(details) && typeof details.cached_tokens === 'number') {
    usage.cachedPromptTokens = details.cached_tokens;
  }
  return usage;
}

export const emptyUsage: Readonly<Usage> = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}
