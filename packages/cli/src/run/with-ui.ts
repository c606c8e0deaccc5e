import type { EventBus } from '@openjarvis/core';
import { startUiServer } from '@openjarvis/ui';
import type { CliIo } from '../cli-io.js';
import { stylizer } from '../output/style.js';
import type { Interrupt } from './interrupt.js';

/**
 * `--ui`: serves the run's page (from `bus`) while `body` runs, then keeps it
 * up until Ctrl-C so the finished run can still be looked at. Notes go to
 * stderr, so `--json` output stays clean.
 */
export async function withUi<T>(
  enabled: boolean,
  bus: EventBus,
  io: CliIo,
  interrupt: Interrupt,
  body: () => Promise<T>,
): Promise<T> {
  if (!enabled) return body();
  const style = stylizer(io.color);
  const ui = await startUiServer({ source: bus });
  try {
    io.err(`Watch the run at ${style('bold', ui.url)}\n`);
    const outcome = await body();
    if (!interrupt.signal.aborted) {
      io.err(`The page stays up at ${ui.url}; press Ctrl-C to stop it.\n`);
      await new Promise<void>((resolve) =>
        interrupt.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
    return outcome;
  } finally {
    await ui.close();
  }
}
