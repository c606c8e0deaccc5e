import { jsonlSource, startUiServer } from '@openjarvis/ui';
import type { UiArgs } from '../args/parse-command-line.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { stylizer } from '../output/style.js';
import { handleInterrupts } from '../run/interrupt.js';

/** `jarvis ui --replay run.jsonl`: the page of a recorded run, served until Ctrl-C. */
export async function uiCommand(args: UiArgs, io: CliIo): Promise<number> {
  const style = stylizer(io.color);
  const interrupt = handleInterrupts(io);
  try {
    // A malformed recording fails here, naming its line, before anything is served.
    const source = await jsonlSource(args.replay ?? '');
    const ui = await startUiServer({
      source,
      ...(args.port === undefined ? {} : { port: args.port }),
    });
    try {
      io.out(
        `${style('bold', 'jarvis ui')}: ${source.history?.length ?? 0} events from ${args.replay}\n`,
      );
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
    interrupt.dispose();
  }
}
