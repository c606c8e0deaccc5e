import { isRecord } from '@openjarvis/engine-kit';

/**
 * The choice with `index` 0 (or the first one) of a completion or chunk, or
 * undefined when `choices` is missing or empty, as in the final usage chunk of
 * a stream.
 */
export function pickChoice(payload: Record<string, unknown>): Record<string, unknown> | undefined {
  const choices = payload.choices;
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  let first: Record<string, unknown> | undefined;
  for (const choice of choices) {
    if (!isRecord(choice)) continue;
    if (choice.index === 0 || choice.index === undefined) return choice;
    first ??= choice;
  }
  return first;
}
