import type { EventOf, WorkspaceDiff } from '@openjarvis/core';
import { bool, fieldsOf, num, str } from './payload-fields.js';
import { JarvisAttr } from './semconv.js';
import type { TurnSpans } from './turn-spans.js';

/**
 * A run's `workspace_diff` puts the diff's totals on the run's
 * `invoke_agent` span (files, additions, deletions, and whether it was cut
 * or shared with another run); the patches stay out of telemetry.
 */
export function noteDiff(turns: TurnSpans, event: EventOf<'workspace_diff'>): void {
  const data = fieldsOf<{ runId: string; diff: WorkspaceDiff }>(event.data);
  const diff = fieldsOf<WorkspaceDiff>(data.diff);
  const totals = fieldsOf<WorkspaceDiff['totals']>(diff.totals);
  const attributes = Object.entries({
    [JarvisAttr.DIFF_FILES]: num(totals.files),
    [JarvisAttr.DIFF_ADDITIONS]: num(totals.additions),
    [JarvisAttr.DIFF_DELETIONS]: num(totals.deletions),
    [JarvisAttr.DIFF_TRUNCATED]: bool(diff.truncated),
    [JarvisAttr.DIFF_SHARED]: bool(diff.shared),
  }).filter((entry): entry is [string, number | boolean] => entry[1] !== undefined);
  turns.setAttributes(str(data.runId), Object.fromEntries(attributes));
}
