import type { CliIo } from '../cli-io.js';
import type { FailureReport } from '../hints/failure.js';
import { hintFor } from '../hints/hint-for.js';
import { escapeControl } from '../output/escape-control.js';
import { stylizer } from '../output/style.js';

/**
 * Writes a failure to stderr: the error (its control characters escaped: it
 * may quote the engine or the model), then the hint that fixes it, if there is one.
 */
export function reportFailure(io: CliIo, failure: FailureReport): void {
  const style = stylizer(io.color);
  io.err(`${style('red', 'error')}: ${escapeControl(failure.message)}\n`);
  const hint = hintFor(failure);
  if (hint !== undefined) io.err(`\n${style('bold', 'hint')}: ${hint}\n`);
}
