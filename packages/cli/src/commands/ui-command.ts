import type { NatsConnection } from '@nats-io/transport-node';
import { RemoteBus } from '@openjarvis/transport-nats';
import { jsonlSource, startUiServer, type UiEventSource } from '@openjarvis/ui';
import type { UiArgs } from '../args/parse-command-line.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { connectNats } from '../fleet/connect-nats.js';
import { stylizer } from '../output/style.js';
import { handleInterrupts } from '../run/interrupt.js';

/** What the page shows: a recording, or a fleet's runs; and what to release after. */
interface OpenedSource {
  source: UiEventSource;
  /** A line saying what is shown. */
  describe: string;
  close(): Promise<void>;
}

/**
 * `jarvis ui --replay run.jsonl`: the page of a recorded run; `jarvis ui
 * --nats <url>`: every run of a fleet, from the start of its event stream,
 * then live. Served until Ctrl-C.
 */
export async function uiCommand(args: UiArgs, io: CliIo): Promise<number> {
  const style = stylizer(io.color);
  const interrupt = handleInterrupts(io);
  try {
    // A malformed recording or an unreachable fleet fails here, before anything is served.
    const opened = await openSource(args, io);
    try {
      const ui = await startUiServer({
        source: opened.source,
        ...(args.port === undefined ? {} : { port: args.port }),
      });
      try {
        io.out(`${style('bold', 'jarvis ui')}: ${opened.describe}\n`);
        io.out(`Open ${style('bold', ui.url)}\n(press Ctrl-C to stop)\n`);
        if (!interrupt.signal.aborted) {
          await new Promise<void>((resolve) =>
            interrupt.signal.addEventListener('abort', () => resolve(), { once: true }),
          );
        }
        return ExitCode.ok;
      } finally {
        await ui.close();
      }
    } finally {
      await opened.close();
    }
  } finally {
    interrupt.dispose();
  }
}

async function openSource(args: UiArgs, io: CliIo): Promise<OpenedSource> {
  if (args.nats !== undefined) {
    const nc: NatsConnection = await connectNats(args.nats, io.env);
    try {
      // A RemoteBus is an EventBus: the page reads its events$ like a local bus's,
      // and its history, which holds what the stream replayed before the page subscribed.
      const bus = await RemoteBus.open(nc, { from: 'start', recordHistory: true });
      return {
        source: bus,
        describe: `the fleet at ${args.nats}, from the start of its event stream`,
        close: async () => {
          await bus.close();
          await nc.close();
        },
      };
    } catch (error) {
      await nc.close();
      throw error;
    }
  }
  const source = await jsonlSource(args.replay ?? '');
  return {
    source,
    describe: `${source.history?.length ?? 0} events from ${args.replay}`,
    close: async () => {},
  };
}
