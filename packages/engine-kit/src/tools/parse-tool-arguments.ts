import type { FinishReason } from '@openjarvis/core';

export interface ParsedArguments {
  arguments: Record<string, unknown>;
  argumentsError?: string;
}

/**
 * Parses a tool call's complete argument text. Never throws: a call cut off by
 * `max_tokens` is expected to hold invalid JSON, and the caller decides what to
 * do with it. Empty text means "no arguments".
 */
export function parseToolArguments(
  raw: string,
  finishReason: FinishReason | undefined,
): ParsedArguments {
  if (raw.trim() === '') return { arguments: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const truncated =
      finishReason === 'length'
        ? 'the reply was cut off at the token limit (finish_reason "length") inside this call; '
        : '';
    return { arguments: {}, argumentsError: `${truncated}arguments are not valid JSON: ${reason}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      arguments: {},
      argumentsError: `arguments must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    };
  }
  return { arguments: value as Record<string, unknown> };
}
