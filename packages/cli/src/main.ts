import { createRequire } from 'node:module';
import { ConfigError } from '@openjarvis/config';
import { parseCommandLine } from './args/parse-command-line.js';
import type { CliIo } from './cli-io.js';
import { demoCommand } from './commands/demo-command.js';
import { enginesCommand } from './commands/engines-command.js';
import { runCommand } from './commands/run-command.js';
import { uiCommand } from './commands/ui-command.js';
import { ExitCode } from './exit-codes.js';
import { fleetCommand } from './fleet/fleet-command.js';
import { parseFleetCommandLine } from './fleet/parse-fleet-args.js';
import { stylizer } from './output/style.js';
import { registerBuiltInTypes } from './register-built-in-types.js';
import { UsageError } from './usage-error.js';
import { usageText } from './usage-text.js';

/** Runs `jarvis` with `argv` (without `node` and the script) and resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const style = stylizer(io.color);
  registerBuiltInTypes();
  try {
    const fleet = parseFleetCommandLine(argv, io.env);
    if (fleet !== undefined) return await fleetCommand(fleet, io);
    const commandLine = parseCommandLine(argv);
    switch (commandLine.command) {
      case 'help':
        io.out(usageText);
        return ExitCode.ok;
      case 'version':
        io.out(`${version()}\n`);
        return ExitCode.ok;
      case 'run':
        return await runCommand(commandLine, io);
      case 'engines':
        return await enginesCommand(commandLine, io);
      case 'demo':
        return await demoCommand(commandLine, io);
      case 'ui':
        return await uiCommand(commandLine, io);
    }
  } catch (error) {
    if (UsageError.isInstance(error)) {
      io.err(
        `${style('red', 'usage error')}: ${error.message}\nRun "jarvis --help" for the commands and options.\n`,
      );
      return ExitCode.usage;
    }
    if (ConfigError.isInstance(error)) {
      io.err(`${style('red', 'config error')}: ${error.message}\n`);
      return ExitCode.usage;
    }
    io.err(`${style('red', 'error')}: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.failed;
  }
}

function version(): string {
  const require = createRequire(import.meta.url);
  return (require('../package.json') as { version: string }).version;
}
