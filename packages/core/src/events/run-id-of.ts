import type { AnyJarvisEvent } from './jarvis-event.js';

/** The `runId` an event's payload carries, if any: what ties it to one agent run. */
export function runIdOf(event: AnyJarvisEvent): string | undefined {
  const data = event.data as { runId?: unknown } | undefined;
  return typeof data?.runId === 'string' ? data.runId : undefined;
}
