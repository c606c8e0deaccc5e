import type { AnyJarvisEvent } from '@openjarvis/core';

/**
 * The run an event belongs to on the wire: its `runId`, else its pipeline's
 * `workflowId`, else `fallback` (events of no run, such as `listener_error`).
 */
export function runKeyOf(event: AnyJarvisEvent, fallback: string): string {
  const data = event.data as { runId?: unknown; workflowId?: unknown } | undefined;
  if (typeof data?.runId === 'string' && data.runId !== '') return data.runId;
  if (typeof data?.workflowId === 'string' && data.workflowId !== '') return data.workflowId;
  return fallback;
}
