import { FleetClient } from '@openjarvis/transport-nats';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { formatDuration } from '../output/format-duration.js';
import { connectNats } from './connect-nats.js';
import type { WorkersArgs } from './parse-fleet-args.js';

/** `jarvis workers`: the workers heartbeating now and what each runs. */
export async function workersCommand(args: WorkersArgs, io: CliIo): Promise<number> {
  const nc = await connectNats(args.nats, io.env);
  try {
    const workers = await (await FleetClient.connect(nc)).workers();
    if (args.json) {
      io.out(`${JSON.stringify(workers)}\n`);
      return ExitCode.ok;
    }
    if (workers.length === 0) io.out('no workers\n');
    const now = Date.now();
    for (const worker of workers) {
      io.out(
        `${worker.id}  ${worker.host} pid ${worker.pid}  ${worker.running.length}/${worker.concurrency} busy\n`,
      );
      for (const task of worker.running) {
        io.out(`  ${task.taskId}  ${task.agent}  ${formatDuration(now - task.since)}\n`);
      }
    }
    return ExitCode.ok;
  } finally {
    await nc.close();
  }
}
