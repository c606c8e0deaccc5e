import type { CliIo } from '../cli-io.js';
import { cancelCommand } from './cancel-command.js';
import type { FleetArgs } from './parse-fleet-args.js';
import { submitCommand } from './submit-command.js';
import { watchCommand } from './watch-command.js';
import { workerCommand } from './worker-command.js';
import { workersCommand } from './workers-command.js';

/** The fleet's commands: worker, submit, cancel, workers, watch. */
export function fleetCommand(args: FleetArgs, io: CliIo): Promise<number> {
  switch (args.command) {
    case 'worker':
      return workerCommand(args, io);
    case 'submit':
      return submitCommand(args, io);
    case 'cancel':
      return cancelCommand(args, io);
    case 'workers':
      return workersCommand(args, io);
    case 'watch':
      return watchCommand(args, io);
  }
}
