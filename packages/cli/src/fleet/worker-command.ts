import { resolve } from 'node:path';
import { loadConfig } from '@openjarvis/config';
import { FleetWorker } from '@openjarvis/transport-nats';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { handleInterrupts } from '../run/interrupt.js';
import { connectNats } from './connect-nats.js';
import type { WorkerArgs } from './parse-fleet-args.js';

/**
 * `jarvis worker`: runs the fleet's tasks with the config's agents until
 * SIGTERM or Ctrl-C, then drains (finishes or hands back its tasks).
 */
export async function workerCommand(args: WorkerArgs, io: CliIo): Promise<number> {
  const config = await loadConfig(resolve(io.cwd, args.config));
  const interrupt = handleInterrupts(io);
  const nc = await connectNats(args.nats, io.env);
  try {
    const worker = await FleetWorker.start({
      nats: nc,
      config,
      concurrency: args.concurrency,
      env: io.env,
      log: (line) => io.err(`${line}\n`),
      ...(args.cacheDir === undefined ? {} : { cacheDir: resolve(io.cwd, args.cacheDir) }),
      ...(args.ackWaitMs === undefined ? {} : { ackWaitMs: args.ackWaitMs }),
      ...(args.maxDeliveries === undefined ? {} : { maxDeliveries: args.maxDeliveries }),
      ...(args.retryDelayMs === undefined ? {} : { retryDelayMs: args.retryDelayMs }),
      ...(args.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: args.drainTimeoutMs }),
    });
    io.err(`worker ${worker.id} on ${args.nats}, ${args.concurrency} at a time\n`);
    await new Promise<void>((done) =>
      interrupt.signal.addEventListener('abort', () => done(), { once: true }),
    );
    await worker.drain();
    io.err(`worker ${worker.id} drained\n`);
    return ExitCode.ok;
  } finally {
    interrupt.dispose();
    await nc.close();
  }
}
