import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  markerScript,
  reply,
  type ScriptedModelServer,
  startNatsServer,
  startScriptedModelServer,
  type TestNatsServer,
  turnScript,
} from '@openjarvis/testing';
import { FleetClient } from '@openjarvis/transport-nats';
import { type CliRun, startCli } from './run-cli.js';

/** Markers a fleet test puts in a task to pick what the stand-in model does. */
export const fleetMarker = {
  /** One bash call, then an answer. */
  quick: '[[quick]]',
  /** The same, the answer taking 6 s. */
  slow: '[[slow]]',
  /** Accept the request and never answer. */
  hang: '[[hang]]',
} as const;

/** A nats-server, a stand-in model, a workers' config, and the worker processes a test starts. */
export interface FleetHarness {
  readonly nats: TestNatsServer;
  readonly model: ScriptedModelServer;
  readonly dir: string;
  /** A directory for path workspaces. */
  readonly workspace: string;
  readonly configPath: string;
  readonly env: Record<string, string>;
  readonly nc: NatsConnection;
  readonly client: FleetClient;
  readonly workers: CliRun[];
  startWorker(extra?: readonly string[]): CliRun;
  cli(args: readonly string[]): CliRun;
  dispose(): Promise<void>;
}

export async function startFleet(): Promise<FleetHarness> {
  const nats = await startNatsServer();
  const model = await startScriptedModelServer({
    modelId: 'stand-in',
    script: markerScript({
      [fleetMarker.quick]: turnScript([
        reply.toolCall('bash', { command: 'echo hi', description: 'Say hi' }),
        reply.text('It printed hi.'),
      ]),
      [fleetMarker.slow]: turnScript([
        reply.toolCall('bash', { command: 'echo hi', description: 'Say hi' }),
        reply.text('It printed hi, slowly.', { delayMs: 6_000 }),
      ]),
      [fleetMarker.hang]: turnScript([reply.hang()]),
    }),
  });
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'jarvis-fleet-')));
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  const configPath = join(dir, 'jarvis.config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      agents: {
        build: {
          type: 'opencode',
          model: 'stand-in',
          options: { providerBaseUrl: model.baseUrl, startupTimeoutMs: 120_000 },
        },
      },
    }),
  );
  const env = { JARVIS_NATS_URL: nats.url, JARVIS_NATS_TOKEN: nats.token };
  const nc = await connect({
    servers: nats.url,
    token: nats.token,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  const client = await FleetClient.connect(nc);
  const workers: CliRun[] = [];
  const others: CliRun[] = [];
  return {
    nats,
    model,
    dir,
    workspace: realpathSync(workspace),
    configPath,
    env,
    nc,
    client,
    workers,
    startWorker(extra = []) {
      const worker = startCli(
        ['worker', '--config', configPath, '--cache-dir', join(dir, 'cache'), ...extra],
        { env, cwd: dir },
      );
      workers.push(worker);
      return worker;
    },
    cli(args) {
      const run = startCli(args, { env, cwd: dir });
      others.push(run);
      return run;
    },
    async dispose() {
      for (const run of [...workers, ...others]) {
        if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
      }
      await Promise.allSettled([...workers, ...others].map((run) => run.exited));
      await nc.close().catch(() => {});
      await model.close();
      await nats.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The pids of `pid`'s descendants (Linux, via /proc). */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** True while `pid` exists and is not a zombie (core's probe). */
export { isAlive } from '@openjarvis/core';

/** The command line of `pid`, or '' when it is gone. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Polls until `condition` holds, at most `timeoutMs`. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
