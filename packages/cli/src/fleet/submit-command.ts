import { randomBytes } from 'node:crypto';
import { FleetClient, parseWorkspace, type TaskOutcome } from '@openjarvis/transport-nats';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { printJsonLines } from '../output/json-lines-printer.js';
import { printProgress } from '../output/progress-printer.js';
import { handleInterrupts } from '../run/interrupt.js';
import { connectNats } from './connect-nats.js';
import type { SubmitArgs } from './parse-fleet-args.js';

/**
 * `jarvis submit`: queues a task (once per id). With `--wait`, prints the
 * task's events live and its outcome; exit 0 when it succeeded, 1 otherwise.
 */
export async function submitCommand(args: SubmitArgs, io: CliIo): Promise<number> {
  const nc = await connectNats(args.nats, io.env);
  const interrupt = handleInterrupts(io);
  try {
    const fleet = await FleetClient.connect(nc);
    const taskId = args.id ?? `task-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const submitted = await fleet.submit({
      id: taskId,
      agent: args.agent,
      input: args.task,
      workspace: parseWorkspace(args.workspace),
      ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
    });
    if (args.json) io.out(`${JSON.stringify({ type: 'submitted', ...submitted })}\n`);
    else io.err(`${submitted.duplicate ? 'already submitted' : 'submitted'}: ${taskId}\n`);
    if (!args.wait) {
      if (!args.json) io.out(`${taskId}\n`);
      return ExitCode.ok;
    }
    const events = await fleet.events({ taskId });
    const printer = args.json ? printJsonLines(events, io) : printProgress(events, io);
    let outcome: TaskOutcome;
    try {
      outcome = await fleet.result(taskId, { signal: interrupt.signal, timeoutMs: 24 * 3_600_000 });
    } catch (error) {
      if (interrupt.exitCode !== undefined) return interrupt.exitCode;
      throw error;
    } finally {
      // Let the last events arrive before the outcome line.
      await new Promise((resolve) => setTimeout(resolve, 200));
      printer.stop();
      await events.close();
    }
    if (args.json) {
      io.out(`${JSON.stringify({ type: 'outcome', outcome })}\n`);
    } else {
      const why = outcome.reason === undefined ? '' : `: ${outcome.reason}`;
      io.err(
        `task ${taskId} ${outcome.status} (worker ${outcome.worker}, ${outcome.deliveries} deliveries)${why}\n`,
      );
    }
    return outcome.status === 'succeeded' ? ExitCode.ok : ExitCode.failed;
  } finally {
    interrupt.dispose();
    await nc.close();
  }
}
