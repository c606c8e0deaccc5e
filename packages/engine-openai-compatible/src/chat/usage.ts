import type { Usage } from '@openjarvis/core';
import { isRecord } from '@openjarvis/engine-kit';

/**
 * Reads an OpenAI `usage` object; undefined when there is none. `prompt_tokens`
 * becomes `inputTokens`, `completion_tokens` `outputTokens`; the details, when
 * the server sends them (OpenAI, vLLM, llama.cpp's cached prompt), become the
 * optional fields. `total_tokens` is dropped: it is the sum of the two.
 */
export function readOpenAIUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const usage: Usage = {
    inputTokens: count(value.prompt_tokens),
    outputTokens: count(value.completion_tokens),
  };
  const cached = detail(value.prompt_tokens_details, 'cached_tokens');
  if (cached !== undefined) usage.cacheReadTokens = cached;
  const reasoning = detail(value.completion_tokens_details, 'reasoning_tokens');
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return usage;
}

export const emptyUsage: Readonly<Usage> = { inputTokens: 0, outputTokens: 0 };

function detail(details: unknown, field: string): number | undefined {
  if (!isRecord(details)) return undefined;
  const value = details[field];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}
