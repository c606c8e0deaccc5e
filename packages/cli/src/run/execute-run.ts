import type { AgentResult, BaseAgent, EventBus, RunOptions } from '@openjarvis/core';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import type { Failure } from '../hints/failure.js';
import { printJsonLines } from '../output/json-lines-printer.js';
import { printProgress } from '../output/progress-printer.js';
import type { Interrupt } from './interrupt.js';
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
  /** Values to blank out of JSON output (API keys). */
  secrets?: readonly string[];
  /** What is known of the engine and model, for the hint on failure. */
  context?: Omit<Failure, 'errorKind' | 'message'>;
}

/**
 * Runs one task with live output (progress lines, or JSON lines with
 * `json`) and turns the outcome into an exit code: 0 ok, 1 failed (with a
 * hint on stderr), 130/143 interrupted. The caller closes the agent.
 */
export async function executeRun(
  options: ExecuteRunOptions,
): Promise<{ exitCode: number; result: AgentResult }> {
  const { io, bus, interrupt } = options;
  const printer = options.json
    ? printJsonLines(bus, io, options.secrets)
    : printProgress(bus, io, { patch: options.patch === true });
  // `sessionId` is an opencode run option; other agents ignore it.
  const runOptions: RunOptions & { sessionId?: string } = { signal: interrupt.signal };
  if (options.sessionId !== undefined) runOptions.sessionId = options.sessionId;
  let result: AgentResult;
  try {
    result = await options.agent.run(options.task, undefined, runOptions);
  } finally {
    printer.stop();
  }
  if (interrupt.exitCode !== undefined) return { exitCode: interrupt.exitCode, result };
  if (result.metadata.error === true) {
    const errorKind =
      typeof result.metadata.errorKind === 'string' ? result.metadata.errorKind : 'error';
    reportFailure(io, { ...options.context, errorKind, message: result.content });
    return { exitCode: ExitCode.failed, result };
  }
  return { exitCode: ExitCode.ok, result };
}
