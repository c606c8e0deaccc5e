import { FleetClient } from '@openjarvis/transport-nats';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { connectNats } from './connect-nats.js';
import type { CancelArgs } from './parse-fleet-args.js';

/** `jarvis cancel <taskId>`: aborts the task wherever it runs (or before it starts). */
export async function cancelCommand(args: CancelArgs, io: CliIo): Promise<number> {
  const nc = await connectNats(args.nats, io.env);
  try {
    await (await FleetClient.connect(nc)).cancel(args.taskId);
    io.err(`cancel sent: ${args.taskId}\n`);
    return ExitCode.ok;
  } finally {
    await nc.close();
  }
}
