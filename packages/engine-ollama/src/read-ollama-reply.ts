import type { Usage } from '@openjarvis/core';
import { isRecord, type ToolCallFragment } from '@openjarvis/engine-kit';

/** One native tool call (whole, arguments an object) as an accumulator fragment. */
export function readOllamaToolCall(value: unknown): ToolCallFragment | undefined {
  if (!isRecord(value) || !isRecord(value.function)) return undefined;
  const fn = value.function;
  const fragment: ToolCallFragment = {};
  if (typeof value.id === 'string') fragment.id = value.id;
  if (typeof fn.index === 'number') fragment.index = fn.index;
  if (typeof fn.name === 'string') fragment.name = fn.name;
  if (isRecord(fn.arguments)) fragment.arguments = JSON.stringify(fn.arguments);
  else if (typeof fn.arguments === 'string') fragment.arguments = fn.arguments;
  return fragment;
}

/**
 * Usage from a `done` line. `prompt_eval_count` counts only the prompt tokens
 * evaluated for this request: on a KV-cache hit it is smaller than the prompt.
 */
export function readOllamaUsage(payload: Record<string, unknown>): Usage {
  return { inputTokens: count(payload.prompt_eval_count), outputTokens: count(payload.eval_count) };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}
