import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { markerScript, reply, startScriptedModelServer, turnScript } from '@openjarvis/testing';
import { descendantsOf } from '../server/process-tree.js';
import { tempWorkspace } from './harness.js';

/** Every way an owning process can die, as the issue lists them. */
export const waysOfDying = [
  'SIGKILL',
  'uncaught exception',
  'SIGTERM',
  'SIGINT',
  'process.exit()',
] as const;
export type WayOfDying = (typeof waysOfDying)[number];

export interface OwnerDeathTrial {
  /** Processes the owner's tree held (or that carry the marker) still running after the bound. */
  survivors: string[];
  /** Processes under the owner just before it died: supervisor, opencode, the tool's shell and sleeps. */
  treeBefore: string[];
  /** How many of the tool command's sleeps ran before the owner died (2 expected). */
  markedBefore: number;
  /** Whether the private config directory still existed after the bound. */
  scratchRemains: boolean;
}

/** A process as identified across time: its pid and start time, so a reused pid is not mistaken for it. */
interface ProcessIdentity {
  pid: number;
  startTime: string;
  command: string;
}

const packageRoot = new URL('../..', import.meta.url).pathname;

/**
 * One trial: a separate Node program owns an OpenCodeAgent whose turn runs a
 * bash-tool command that leaves a double-forked `sleep` behind and runs a
 * second one in the foreground (`sleep 60 <marker>`: sleep adds its
 * arguments, so the marker only makes the command line unique). Once both run,
 * the owner dies in the given way; after `boundMs` the trial reports what
 * still runs and whether the private config directory is still there.
 */
export async function ownerDeathTrial(
  way: WayOfDying | 'close()',
  options: { boundMs?: number } = {},
): Promise<OwnerDeathTrial> {
  const boundMs = options.boundMs ?? 10_000;
  const marker = `0.000${Math.floor(Math.random() * 1e9)}`;
  const model = await startScriptedModelServer({
    script: markerScript({
      '[[sleep]]': turnScript([
        reply.toolCall('bash', {
          command: `(sleep 60 ${marker} &); sleep 60 ${marker}`,
          description: 'Sleep',
        }),
        reply.text('slept'),
      ]),
    }),
    modelId: 'local-model',
  });
  const owner = spawn(process.execPath, ownerProgram(model.baseUrl, way), {
    cwd: packageRoot,
    // Its own process group, so a SIGINT to the group stands for Ctrl-C in
    // the owner's terminal, and reaches nothing of the test runner.
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const ownerExited = new Promise<void>((resolve) => owner.once('exit', () => resolve()));
  try {
    const configFile = await configFileFrom(owner);
    const sleeps = () =>
      processesMatching(marker).filter((p) => p.command === `sleep 60 ${marker}`).length;
    await waitFor(() => sleeps() >= 2, 30_000, 'both sleeps of the tool command to start');
    const markedBefore = sleeps();
    const before = descendantsOf(owner.pid as number)
      .map(identify)
      .filter((identity) => identity !== undefined);
    kill(owner, way);
    await Promise.race([ownerExited, sleep(boundMs)]);
    const survivorsNow = () => [
      ...before.filter(stillRunning),
      ...processesMatching(marker).filter((p) => !before.some((b) => b.pid === p.pid)),
    ];
    const deadline = Date.now() + boundMs;
    while (Date.now() < deadline && (survivorsNow().length > 0 || existsSync(configFile))) {
      await sleep(100);
    }
    return {
      survivors: survivorsNow().map(label),
      treeBefore: before.map(label),
      markedBefore,
      scratchRemains: existsSync(dirname(configFile)),
    };
  } finally {
    // Whatever the outcome, leave nothing of this trial behind.
    try {
      process.kill(-(owner.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
    for (const leftover of processesMatching(marker)) {
      try {
        process.kill(leftover.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await model.close();
  }
}

/**
 * The owner: starts a run whose tool command sleeps, prints
 * `PID <opencode pid> OPENCODE_CONFIG=<config file>` once the server runs,
 * and dies as told when a line arrives on stdin (signals come from outside).
 */
function ownerProgram(modelBaseUrl: string, way: WayOfDying | 'close()'): string[] {
  const dying = {
    'uncaught exception': "throw new Error('owner crashed')",
    'process.exit()': 'process.exit(0)',
    // Not a death: the orderly way, for comparison.
    'close()': 'agent.close().then(() => process.exit(0))',
  }[way as string];
  return [
    '--input-type=module',
    '-e',
    `
    import { readFileSync } from 'node:fs';
    import { OpenCodeAgent } from '@openjarvis/agent-opencode';
    const agent = new OpenCodeAgent(undefined, 'local-model', {
      providerBaseUrl: ${JSON.stringify(modelBaseUrl)},
      workspace: ${JSON.stringify(tempWorkspace())},
      maxEngineRetries: 0,
    });
    void agent.run('go [[sleep]]');
    let pid;
    while ((pid = await agent.serverPid()) === undefined) await new Promise((r) => setTimeout(r, 50));
    const config = readFileSync('/proc/' + pid + '/environ', 'utf8').split('\\0').find((v) => v.startsWith('OPENCODE_CONFIG='));
    console.log('PID ' + pid + ' ' + config);
    process.stdin.on('data', () => { ${dying ?? ''} });
    `,
  ];
}

function kill(owner: ChildProcess, way: WayOfDying | 'close()'): void {
  const pid = owner.pid as number;
  if (way === 'SIGKILL' || way === 'SIGTERM') process.kill(pid, way);
  // Ctrl-C: the terminal signals the whole foreground process group.
  else if (way === 'SIGINT') process.kill(-pid, 'SIGINT');
  else owner.stdin?.write('die\n');
}

async function configFileFrom(owner: ChildProcess): Promise<string> {
  let printed = '';
  // stderr too: it says why an owner exited early (the planned uncaught
  // exception prints there later, and is not shown).
  const collect = (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  };
  owner.stdout?.on('data', collect);
  owner.stderr?.on('data', collect);
  let file: string | undefined;
  await waitFor(
    () => {
      file = /PID \d+ OPENCODE_CONFIG=(\S+)/.exec(printed)?.[1];
      return file !== undefined || owner.exitCode !== null;
    },
    60_000,
    'the owner to start its server',
  );
  if (file === undefined) throw new Error(`the owner exited early: ${printed}`);
  return file;
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

function identify(pid: number): ProcessIdentity | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Field 3 is the state, field 22 the start time (fields counted from 1).
    if (fields[0] === 'Z') return undefined;
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return { pid, startTime: fields[19] ?? '', command };
  } catch {
    return undefined;
  }
}

/** Running (not a zombie) and still the same process, not a reused pid. */
function stillRunning(before: ProcessIdentity): boolean {
  return identify(before.pid)?.startTime === before.startTime;
}

function processesMatching(needle: string): ProcessIdentity[] {
  const found: ProcessIdentity[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const identity = identify(pid);
    if (identity?.command.includes(needle)) found.push(identity);
  }
  return found;
}

function label(identity: ProcessIdentity): string {
  // The supervisor's command line holds its whole script; its start is enough.
  return `${identity.pid} ${identity.command.slice(0, 120)}`;
}
