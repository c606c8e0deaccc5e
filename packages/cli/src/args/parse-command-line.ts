import { parseArgs } from 'node:util';
import { UsageError } from '../usage-error.js';
import { parseDuration } from './parse-duration.js';

export interface RunArgs {
  command: 'run';
  task: string;
  config?: string;
  use?: string;
  engine?: string;
  model?: string;
  agent?: 'build' | 'plan';
  workspace?: string;
  /** `--timeout`, in ms. */
  timeoutMs?: number;
  /** `--record`: the JSONL file, as given. */
  record?: string;
  json: boolean;
  /** Serve the run's page (`jarvis ui`) while it runs. */
  ui: boolean;
  /** Print the run's patch after its changed files. */
  diff: boolean;
  /** An opencode session id to continue. */
  continue?: string;
}

export interface EnginesArgs {
  command: 'engines';
  config?: string;
  engine?: string;
  json: boolean;
}

export interface DemoArgs {
  command: 'demo';
  /** `--timeout`, in ms. */
  timeoutMs?: number;
  /** `--record`: the JSONL file, as given. */
  record?: string;
  json: boolean;
  ui: boolean;
}

export interface UiArgs {
  command: 'ui';
  /** The JSONL recording to show. */
  replay?: string;
  /** A fleet's NATS server whose runs to show, from the start of its event stream. */
  nats?: string;
  port?: number;
}

export type CommandLine =
  | RunArgs
  | EnginesArgs
  | DemoArgs
  | UiArgs
  | { command: 'help'; topic?: string }
  | { command: 'version' };

const commands = [
  'run',
  'engines',
  'demo',
  'ui',
  'worker',
  'submit',
  'cancel',
  'workers',
  'watch',
  'help',
] as const;

/** Reads `jarvis <command> …`. Throws `UsageError` for anything it cannot use. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { command: 'help' };
  if (first === '--version' || first === '-v') return { command: 'version' };
  if (rest.includes('--help') || rest.includes('-h')) return { command: 'help', topic: first };
  switch (first) {
    case 'run':
      return parseRun(rest);
    case 'engines':
      return parseEngines(rest);
    case 'demo':
      return parseDemo(rest);
    case 'ui':
      return parseUi(rest);
    case 'help':
      return rest[0] === undefined ? { command: 'help' } : { command: 'help', topic: rest[0] };
    default:
      throw new UsageError(`unknown command "${first}"; the commands are ${commands.join(', ')}`);
  }
}

function parseRun(argv: string[]): RunArgs {
  const { values, positionals } = parse(argv, {
    config: { type: 'string', short: 'c' },
    use: { type: 'string' },
    engine: { type: 'string', short: 'e' },
    model: { type: 'string', short: 'm' },
    agent: { type: 'string', short: 'a' },
    workspace: { type: 'string', short: 'w' },
    timeout: { type: 'string', short: 't' },
    record: { type: 'string' },
    json: { type: 'boolean' },
    ui: { type: 'boolean' },
    diff: { type: 'boolean' },
    continue: { type: 'string' },
  });
  const task = positionals.join(' ').trim();
  if (task === '') throw new UsageError('jarvis run needs a task, e.g. jarvis run "add a README"');
  const agent = values.agent;
  if (agent !== undefined && agent !== 'build' && agent !== 'plan') {
    throw new UsageError(`--agent must be build or plan, got "${agent}"`);
  }
  return {
    command: 'run',
    task,
    json: values.json === true,
    ui: values.ui === true,
    diff: values.diff === true,
    ...pick(values, ['config', 'use', 'engine', 'model', 'workspace', 'record', 'continue']),
    ...(agent === undefined ? {} : { agent }),
    ...timeoutOf(values),
  };
}

function parseEngines(argv: string[]): EnginesArgs {
  const { values, positionals } = parse(argv, {
    config: { type: 'string', short: 'c' },
    engine: { type: 'string', short: 'e' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0)
    throw new UsageError(`jarvis engines takes no arguments, got "${positionals[0]}"`);
  return { command: 'engines', json: values.json === true, ...pick(values, ['config', 'engine']) };
}

function parseDemo(argv: string[]): DemoArgs {
  const { values, positionals } = parse(argv, {
    timeout: { type: 'string', short: 't' },
    record: { type: 'string' },
    json: { type: 'boolean' },
    ui: { type: 'boolean' },
  });
  if (positionals.length > 0)
    throw new UsageError(`jarvis demo takes no arguments, got "${positionals[0]}"`);
  return {
    command: 'demo',
    json: values.json === true,
    ui: values.ui === true,
    ...pick(values, ['record']),
    ...timeoutOf(values),
  };
}

function timeoutOf(values: Record<string, string | boolean | undefined>): { timeoutMs?: number } {
  return typeof values.timeout === 'string'
    ? { timeoutMs: parseDuration(values.timeout, '--timeout') }
    : {};
}

function parseUi(argv: string[]): UiArgs {
  const { values, positionals } = parse(argv, {
    replay: { type: 'string' },
    nats: { type: 'string' },
    port: { type: 'string', short: 'p' },
  });
  if (positionals.length > 0)
    throw new UsageError(`jarvis ui takes no arguments, got "${positionals[0]}"`);
  if ((typeof values.replay === 'string') === (typeof values.nats === 'string')) {
    throw new UsageError(
      'jarvis ui needs one of --replay <run.jsonl> or --nats <url> (a fleet); to watch a run live, add --ui to jarvis run or jarvis demo',
    );
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    throw new UsageError(`--port must be a port number (0 to 65535), got "${values.port}"`);
  }
  return {
    command: 'ui',
    ...pick(values, ['replay', 'nats']),
    ...(port === undefined ? {} : { port }),
  };
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse(argv: string[], options: OptionSpec) {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return {
      values: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
    };
  } catch (error) {
    throw new UsageError(error instanceof Error ? firstLine(error.message) : String(error));
  }
}

function pick<K extends string>(
  values: Record<string, string | boolean | undefined>,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = values[key];
    if (typeof value === 'string') picked[key] = value;
  }
  return picked;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
