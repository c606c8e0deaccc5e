import { describe, expect, it } from 'vitest';
import { readOpenAIUsage } from './usage.js';

describe('readOpenAIUsage', () => {
  it('maps prompt and completion tokens to input and output, dropping the total', () => {
    expect(readOpenAIUsage({ prompt_tokens: 29, completion_tokens: 5, total_tokens: 34 })).toEqual({
      inputTokens: 29,
      outputTokens: 5,
    });
  });

  it('reads cached prompt tokens as cache reads and reasoning tokens from the completion details', () => {
    expect(
      readOpenAIUsage({
        prompt_tokens: 138,
        completion_tokens: 33,
        total_tokens: 171,
        prompt_tokens_details: { cached_tokens: 137 },
        completion_tokens_details: { reasoning_tokens: 20 },
      }),
    ).toEqual({ inputTokens: 138, outputTokens: 33, cacheReadTokens: 137, reasoningTokens: 20 });
  });

  it('keeps a reported zero of cached tokens, and ignores details that are not counts', () => {
    expect(
      readOpenAIUsage({
        prompt_tokens: 29,
        completion_tokens: 5,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 'many' },
      }),
    ).toEqual({ inputTokens: 29, outputTokens: 5, cacheReadTokens: 0 });
  });

  it('counts missing or malformed counts as zero, and reads no usage from a non-object', () => {
    expect(readOpenAIUsage({ prompt_tokens: -1 })).toEqual({ inputTokens: 0, outputTokens: 0 });
    expect(readOpenAIUsage(null)).toBeUndefined();
  });
});
