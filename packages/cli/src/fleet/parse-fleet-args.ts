import { parseArgs } from 'node:util';
import { UsageError } from '../usage-error.js';

/** Where the fleet's NATS server is: `--nats`, else `JARVIS_NATS_URL`, else the local default. */
export interface NatsArgs {
  nats: string;
}

export interface WorkerArgs extends NatsArgs {
  command: 'worker';
  config: string;
  concurrency: number;
  cacheDir?: string;
  ackWaitMs?: number;
  maxDeliveries?: number;
  retryDelayMs?: number;
  drainTimeoutMs?: number;
}

export interface SubmitArgs extends NatsArgs {
  command: 'submit';
  task: string;
  agent: string;
  workspace: string;
  id?: string;
  timeoutMs?: number;
  wait: boolean;
  json: boolean;
}

export interface CancelArgs extends NatsArgs {
  command: 'cancel';
  taskId: string;
}

export interface WorkersArgs extends NatsArgs {
  command: 'workers';
  json: boolean;
}

export interface WatchArgs extends NatsArgs {
  command: 'watch';
  json: boolean;
  fromStart: boolean;
}

export type FleetArgs = WorkerArgs | SubmitArgs | CancelArgs | WorkersArgs | WatchArgs;

export const fleetCommands = ['worker', 'submit', 'cancel', 'workers', 'watch'] as const;

type Values = Record<string, string | boolean | undefined>;

/** Reads `jarvis worker|submit|cancel|workers|watch …`; undefined for other commands. */
export function parseFleetCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): FleetArgs | undefined {
  const [command, ...rest] = argv;
  if (!(fleetCommands as readonly (string | undefined)[]).includes(command)) return undefined;
  if (rest.includes('--help') || rest.includes('-h')) return undefined;
  const options = {
    nats: { type: 'string' },
    config: { type: 'string', short: 'c' },
    concurrency: { type: 'string' },
    'cache-dir': { type: 'string' },
    'ack-wait': { type: 'string' },
    'max-deliveries': { type: 'string' },
    'retry-delay': { type: 'string' },
    'drain-timeout': { type: 'string' },
    agent: { type: 'string', short: 'a' },
    workspace: { type: 'string', short: 'w' },
    id: { type: 'string' },
    timeout: { type: 'string' },
    wait: { type: 'boolean' },
    json: { type: 'boolean' },
    'from-start': { type: 'boolean' },
  } as const;
  let values: Values;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
    values = parsed.values as Values;
    positionals = parsed.positionals;
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    );
  }
  const allowed: Record<(typeof fleetCommands)[number], readonly string[]> = {
    worker: [
      'nats',
      'config',
      'concurrency',
      'cache-dir',
      'ack-wait',
      'max-deliveries',
      'retry-delay',
      'drain-timeout',
    ],
    submit: ['nats', 'agent', 'workspace', 'id', 'timeout', 'wait', 'json'],
    cancel: ['nats'],
    workers: ['nats', 'json'],
    watch: ['nats', 'json', 'from-start'],
  };
  const name = command as (typeof fleetCommands)[number];
  for (const key of Object.keys(values)) {
    if (!allowed[name].includes(key)) throw new UsageError(`jarvis ${name} has no --${key} option`);
  }
  const nats = str(values.nats) ?? env.JARVIS_NATS_URL ?? 'nats://127.0.0.1:4222';
  switch (name) {
    case 'worker':
      noPositionals(name, positionals);
      return {
        command: name,
        nats,
        config: str(values.config) ?? 'jarvis.config.json',
        concurrency: int(values.concurrency, 'concurrency') ?? 1,
        ...defined('cacheDir', str(values['cache-dir'])),
        ...defined('ackWaitMs', int(values['ack-wait'], 'ack-wait')),
        ...defined('maxDeliveries', int(values['max-deliveries'], 'max-deliveries')),
        ...defined('retryDelayMs', int(values['retry-delay'], 'retry-delay')),
        ...defined('drainTimeoutMs', int(values['drain-timeout'], 'drain-timeout')),
      };
    case 'submit': {
      const task = positionals.join(' ').trim();
      if (task === '')
        throw new UsageError(
          'jarvis submit needs a task, e.g. jarvis submit "add a README" --agent build --workspace /repo',
        );
      const agent = str(values.agent);
      const workspace = str(values.workspace);
      if (agent === undefined)
        throw new UsageError(
          "jarvis submit needs --agent <name of an agent in the workers' config>",
        );
      if (workspace === undefined)
        throw new UsageError(
          'jarvis submit needs --workspace <path on the worker | git URL[#ref]>',
        );
      return {
        command: name,
        nats,
        task,
        agent,
        workspace,
        wait: values.wait === true,
        json: values.json === true,
        ...defined('id', str(values.id)),
        ...defined('timeoutMs', int(values.timeout, 'timeout')),
      };
    }
    case 'cancel': {
      const [taskId, extra] = positionals;
      if (taskId === undefined || extra !== undefined)
        throw new UsageError('jarvis cancel takes one task id');
      return { command: name, nats, taskId };
    }
    case 'workers':
      noPositionals(name, positionals);
      return { command: name, nats, json: values.json === true };
    case 'watch':
      noPositionals(name, positionals);
      return {
        command: name,
        nats,
        json: values.json === true,
        fromStart: values['from-start'] === true,
      };
  }
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function int(value: string | boolean | undefined, name: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new UsageError(`--${name} must be a positive whole number, got "${value}"`);
  }
  return number;
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length > 0)
    throw new UsageError(`jarvis ${command} takes no arguments, got "${positionals[0]}"`);
}
