import { isRecord, type ToolCallFragment } from '@openjarvis/engine-kit';

/**
 * One entry of an OpenAI `tool_calls` array, whole or fragment, as a fragment.
 * Arguments given as an object (some servers do) are serialised.
 */
export function readToolCallFragment(value: unknown): ToolCallFragment | undefined {
  if (!isRecord(value)) return undefined;
  const fn = isRecord(value.function) ? value.function : {};
  const fragment: ToolCallFragment = {};
  if (typeof value.index === 'number') fragment.index = value.index;
  if (typeof value.id === 'string') fragment.id = value.id;
  if (typeof fn.name === 'string') fragment.name = fn.name;
  if (typeof fn.arguments === 'string') fragment.arguments = fn.arguments;
  else if (isRecord(fn.arguments)) fragment.arguments = JSON.stringify(fn.arguments);
  return fragment;
}
