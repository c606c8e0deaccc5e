import {
  type AgentResult,
  type BaseAgent,
  type EventBus,
  type RunOptions,
  TimeoutError,
} from '@openjarvis/core';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import type { FailureReport } from '../hints/failure.js';
import { formatDuration } from '../output/format-duration.js';
import { printJsonLines } from '../output/json-lines-printer.js';
import { printProgress } from '../output/progress-printer.js';
import type { Interrupt } from './interrupt.js';
import { recordRun } from './record-run.js';
import { reportFailure } from './report-failure.js';

export interface ExecuteRunOptions {
  agent: BaseAgent;
  task: string;
  /** The bus the agent publishes to. */
  bus: EventBus;
  io: CliIo;
  json: boolean;
  /** Print the patch after the changed files. */
  patch?: boolean;
  /** The opencode session to continue. */
  sessionId?: string;
  interrupt: Interrupt;
  /** What is known of the engine and model, for the hint on failure. */
  context?: Omit<FailureReport, 'errorKind' | 'message'>;
  /** `--timeout`: abort the run after this long and fail with `timeout`. @default no limit of its own */
  timeoutMs?: number;
  /** `--record`: write every event of the run to this JSONL file (a resolved path). */
  recordPath?: string;
  /** Quiet time before the progress output says it is waiting for the model. @default 10_000 */
  heartbeatMs?: number;
}

/**
 * Runs one task with live output (progress lines, or JSON lines with
 * `json`) and turns the outcome into an exit code: 0 ok, 1 failed (with a
 * hint on stderr), 130/143 interrupted. The caller closes the agent.
 */
export async function executeRun(
  options: ExecuteRunOptions,
): Promise<{ exitCode: number; result: AgentResult }> {
  const { io, bus, interrupt, timeoutMs } = options;
  const recording =
    options.recordPath === undefined
      ? undefined
      : recordRun(bus, options.recordPath, options.agent.secrets);
  const printer = options.json
    ? printJsonLines(bus, io, options.agent.secrets)
    : printProgress(bus, io, {
        patch: options.patch === true,
        ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      });
  const deadline = new AbortController();
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => deadline.abort(new TimeoutError({ operation: 'jarvis run', timeoutMs })),
          timeoutMs,
        );
  // `sessionId` is an opencode run option; other agents ignore it.
  const runOptions: RunOptions & { sessionId?: string } = {
    signal: AbortSignal.any([interrupt.signal, deadline.signal]),
  };
  if (options.sessionId !== undefined) runOptions.sessionId = options.sessionId;
  let result: AgentResult;
  try {
    result = await options.agent.run(options.task, undefined, runOptions);
  } finally {
    clearTimeout(timer);
    printer.stop();
    const failed = await recording?.close();
    if (failed !== undefined)
      io.err(`warning: the record ${recording?.path} is incomplete: ${failed.message}\n`);
  }
  if (interrupt.exitCode !== undefined) return { exitCode: interrupt.exitCode, result };
  if (deadline.signal.aborted && timeoutMs !== undefined) {
    // Agents report an abort in their own words (opencode: `aborted`); the CLI knows it was the clock.
    reportFailure(io, {
      ...options.context,
      errorKind: 'timeout',
      message: `the run did not finish within --timeout ${formatDuration(timeoutMs)}; it was stopped`,
    });
    return { exitCode: ExitCode.failed, result };
  }
  const failure = result.metadata.error;
  if (failure !== undefined) {
    reportFailure(io, { ...options.context, errorKind: failure.kind, message: result.content });
    return { exitCode: ExitCode.failed, result };
  }
  return { exitCode: ExitCode.ok, result };
}
