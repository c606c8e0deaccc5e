import { AbortedError } from '@openjarvis/core';

/**
 * Passes items through until `signal` aborts, then rejects with
 * `AbortedError`. Decoders hand out several chunks per network read; without
 * this check a consumer that aborted would still receive the rest of the read.
 */
export async function* stopOnAbort<T>(
  items: AsyncIterable<T>,
  signal: AbortSignal | undefined,
  operation: string,
): AsyncGenerator<T, void, undefined> {
  if (signal === undefined) {
    yield* items;
    return;
  }
  for await (const item of items) {
    if (signal.aborted) throw new AbortedError({ operation, reason: signal.reason });
    yield item;
  }
}
