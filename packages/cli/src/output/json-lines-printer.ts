import type { EventBus } from '@openjarvis/core';
import { createRedactor } from '@openjarvis/recorder';
import type { CliIo } from '../cli-io.js';

/**
 * Writes every event of the bus to `out` as one JSON object per line
 * (`{"type", "timestamp", "data"}`), with secret-named fields and the given
 * secret values redacted.
 */
export function printJsonLines(
  bus: EventBus,
  io: CliIo,
  secrets: readonly string[] = [],
): { stop(): void } {
  const redact = createRedactor({
    redactValuePatterns: secrets
      .filter((secret) => secret.length >= 4)
      .map((secret) => new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))),
  });
  const subscription = bus.events$.subscribe((event) => {
    io.out(`${JSON.stringify(redact(event))}\n`);
  });
  return { stop: () => subscription.unsubscribe() };
}
