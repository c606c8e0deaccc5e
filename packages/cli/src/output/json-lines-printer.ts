import type { EventBus } from '@openjarvis/core';
import { createRedactor } from '@openjarvis/recorder';
import type { CliIo } from '../cli-io.js';
import { escapeJsonControl } from './escape-control.js';
import { secretPatterns } from './secret-patterns.js';

/**
 * Writes every event of the bus to `out` as one JSON object per line
 * (`{"type", "timestamp", "data"}`), with secret-named fields and the given
 * secret values redacted. C1 control characters are written as `\u` escapes
 * (JSON already escapes the others), so a terminal showing the lines obeys none.
 */
export function printJsonLines(
  bus: EventBus,
  io: CliIo,
  secrets: readonly string[] = [],
): { stop(): void } {
  const redact = createRedactor({ redactValuePatterns: secretPatterns(secrets) });
  const subscription = bus.events$.subscribe((event) => {
    io.out(`${escapeJsonControl(JSON.stringify(redact(event)))}\n`);
  });
  return { stop: () => subscription.unsubscribe() };
}
