import type { Usage } from '@openjarvis/core';
import type { Span } from '@opentelemetry/api';
import { fieldsOf, num } from './payload-fields.js';
import { GenAi } from './semconv.js';

/** A payload's `usage`, keeping only the counts that are numbers (a replayed payload may hold anything). */
export type UsageCounts = { [K in keyof Usage]?: number };

/** Reads a payload's `usage` field, an engine call's or a whole turn's (one shape for both). */
export function usageCountsOf(value: unknown): UsageCounts {
  const usage = fieldsOf<Usage>(value);
  const counts: UsageCounts = {};
  for (const key of USAGE_KEYS) {
    const count = num(usage[key]);
    if (count !== undefined) counts[key] = count;
  }
  return counts;
}

/** Puts the GenAI usage attributes on a span, for the counts the payload carried. */
export function setUsageAttributes(span: Span, usage: UsageCounts): void {
  for (const key of USAGE_KEYS) {
    const count = usage[key];
    if (count !== undefined) span.setAttribute(ATTRIBUTE_OF[key], count);
  }
}

const ATTRIBUTE_OF: { readonly [K in keyof Usage]-?: string } = {
  inputTokens: GenAi.USAGE_INPUT_TOKENS,
  outputTokens: GenAi.USAGE_OUTPUT_TOKENS,
  reasoningTokens: GenAi.USAGE_REASONING_OUTPUT_TOKENS,
  cacheReadTokens: GenAi.USAGE_CACHE_READ_INPUT_TOKENS,
  cacheWriteTokens: GenAi.USAGE_CACHE_CREATION_INPUT_TOKENS,
};

const USAGE_KEYS = Object.keys(ATTRIBUTE_OF) as (keyof Usage)[];
