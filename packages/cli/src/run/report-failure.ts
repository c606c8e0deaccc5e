import type { CliIo } from '../cli-io.js';
import type { Failure } from '../hints/failure.js';
import { hintFor } from '../hints/hint-for.js';
import { stylizer } from '../output/style.js';

/** Writes a failure to stderr: the error, then the hint that fixes it, if there is one. */
export function reportFailure(io: CliIo, failure: Failure): void {
  const style = stylizer(io.color);
  io.err(`${style('red', 'error')}: ${failure.message}\n`);
  const hint = hintFor(failure);
  if (hint !== undefined) io.err(`\n${style('bold', 'hint')}: ${hint}\n`);
}
