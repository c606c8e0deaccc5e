import type { AgentResult, BaseAgent, EventBus } from '@openjarvis/core';
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
  interrupt: Interrupt;
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
    ? printJsonLines(bus, io, options.agent.secrets)
    : printProgress(bus, io);
  let result: AgentResult;
  try {
    result = await options.agent.run(options.task, undefined, { signal: interrupt.signal });
  } finally {
    printer.stop();
  }
  if (interrupt.exitCode !== undefined) return { exitCode: interrupt.exitCode, result };
  const failure = result.metadata.error;
  if (failure !== undefined) {
    reportFailure(io, { ...options.context, errorKind: failure.kind, message: result.content });
    return { exitCode: ExitCode.failed, result };
  }
  return { exitCode: ExitCode.ok, result };
}
