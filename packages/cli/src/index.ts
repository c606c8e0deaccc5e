export {
  type CommandLine,
  type DemoArgs,
  type EnginesArgs,
  parseCommandLine,
  type RunArgs,
  type UiArgs,
} from './args/parse-command-line.js';
export { type CliIo, processIo } from './cli-io.js';
export { ExitCode, type ExitCodeValue } from './exit-codes.js';
export type { FailureReport } from './hints/failure.js';
export { hintFor } from './hints/hint-for.js';
export { main } from './main.js';
export { UsageError } from './usage-error.js';
