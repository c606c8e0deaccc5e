import { EngineInputError } from '@openjarvis/core';

/** The `apiKey` option, checked: a string or nothing; an empty string means no key. */
export function readApiKey(value: unknown): string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    throw new EngineInputError({ field: 'apiKey', message: 'apiKey must be a string' });
  }
  return value === '' ? undefined : value;
}
