import type { EventBus, SecretRedactor } from '@openjarvis/core';
import { createRedactor } from '@openjarvis/recorder';
import type { CliIo } from '../cli-io.js';
import { escapeJsonControl } from './escape-control.js';

/**
 * Writes every event of the bus to `out` as one JSON object per line
 * (`{"type", "timestamp", "data"}`), with secret-named fields and the given
 * secrets (the agent's) redacted. C1 control characters are written as `\u` escapes
 * (JSON already escapes the others), so a terminal showing the lines obeys none.
 */
export function printJsonLines(
  bus: EventBus,
  io: CliIo,
  secrets?: SecretRedactor,
): { stop(): void } {
  const redact = createRedactor(secrets === undefined ? {} : { secrets });
  const subscription = bus.events$.subscribe((event) => {
    io.out(`${escapeJsonControl(JSON.stringify(redact(event)))}\n`);
  });
  return { stop: () => subscription.unsubscribe() };
}
