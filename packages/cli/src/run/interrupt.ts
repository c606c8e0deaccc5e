import { AbortedError } from '@openjarvis/core';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';

/** Ctrl-C and SIGTERM, turned into an abort signal for the run. */
export interface Interrupt {
  readonly signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM; `undefined` while neither came. */
  readonly exitCode: number | undefined;
  /** Removes the signal handlers. */
  dispose(): void;
}

/**
 * The first SIGINT or SIGTERM aborts the run, so the command can stop opencode
 * and exit with 130 (or 143). A second one exits at once; opencode dies with
 * this process even then (it is stopped by its supervisor when this process goes).
 */
export function handleInterrupts(io: CliIo): Interrupt {
  const controller = new AbortController();
  let exitCode: number | undefined;
  const on = (signal: 'SIGINT' | 'SIGTERM', code: number) => () => {
    if (exitCode !== undefined) process.exit(exitCode);
    exitCode = code;
    io.err(`\n${signal === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping the run…\n`);
    controller.abort(new AbortedError({ operation: 'jarvis run', reason: signal }));
  };
  const onSigint = on('SIGINT', ExitCode.interrupted);
  const onSigterm = on('SIGTERM', ExitCode.terminated);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}
