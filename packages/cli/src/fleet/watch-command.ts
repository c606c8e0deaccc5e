import { RemoteBus } from '@openjarvis/transport-nats';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { handleInterrupts } from '../run/interrupt.js';
import { connectNats } from './connect-nats.js';
import { describeEnvelope } from './describe-envelope.js';
import type { WatchArgs } from './parse-fleet-args.js';

/** `jarvis watch`: every event of the fleet, live, until Ctrl-C. */
export async function watchCommand(args: WatchArgs, io: CliIo): Promise<number> {
  const nc = await connectNats(args.nats, io.env);
  const interrupt = handleInterrupts(io);
  try {
    const bus = await RemoteBus.open(nc, { from: args.fromStart ? 'start' : 'new' });
    const subscription = bus.envelopes$.subscribe((envelope) =>
      io.out(args.json ? `${JSON.stringify(envelope)}\n` : `${describeEnvelope(envelope)}\n`),
    );
    io.err(`watching ${args.nats}\n`);
    await new Promise<void>((done) =>
      interrupt.signal.addEventListener('abort', () => done(), { once: true }),
    );
    subscription.unsubscribe();
    await bus.close();
    return ExitCode.ok;
  } finally {
    interrupt.dispose();
    await nc.close();
  }
}
