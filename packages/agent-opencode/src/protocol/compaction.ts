import type { MessageWithParts } from './messages.js';

/**
 * Whether opencode compacted the session during a turn. When a request no
 * longer fits the model's window, opencode has its `compaction` agent write a
 * summary (an assistant message with `summary: true`), then answers a
 * synthetic prompt of its own ("The previous request exceeded the provider's
 * size limit…"). Neither is an answer to the caller's task.
 */
export function wasCompacted(assistantMessages: readonly MessageWithParts[]): boolean {
  return assistantMessages.some(
    ({ info }) =>
      info.agent === 'compaction' || info.mode === 'compaction' || info.summary === true,
  );
}
