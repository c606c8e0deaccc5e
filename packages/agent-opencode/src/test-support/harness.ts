import { mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyJarvisEvent } from '@openjarvis/core';
import {
  type ModelScript,
  type ScriptedModelServer,
  startScriptedModelServer,
} from '@openjarvis/testing';
import { OpenCodeAgent } from '../open-code-agent.js';
import type { OpenCodeAgentOptions } from '../options.js';
import { descendantsOf } from '../server/process-tree.js';

/** The one process probe, from core (tests import it from here with the rest of the rig). */
export { isAlive } from '@openjarvis/core';

export function tempWorkspace(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'oj-ws-')));
}

export interface Rig {
  model: ScriptedModelServer;
  agent: OpenCodeAgent;
  workspace: string;
  password: string;
  events: AnyJarvisEvent[];
  close(): Promise<void>;
}

/** A scripted model server and an OpenCodeAgent pointed at it, recording every agent event. */
export async function startRig(
  script: ModelScript,
  options: OpenCodeAgentOptions = {},
): Promise<Rig> {
  const model = await startScriptedModelServer({ script, modelId: 'local-model' });
  const workspace = options.workspace ?? tempWorkspace();
  const password = options.serverPassword ?? `pw-${Math.random().toString(36).slice(2)}`;
  const agent = new OpenCodeAgent(undefined, 'local-model', {
    providerBaseUrl: model.baseUrl,
    maxEngineRetries: 0,
    ...options,
    workspace,
    serverPassword: password,
  });
  const events: AnyJarvisEvent[] = [];
  const subscription = agent.events$.subscribe((event) => events.push(event));
  return {
    model,
    agent,
    workspace,
    password,
    events,
    close: async () => {
      subscription.unsubscribe();
      await agent.close();
      await model.close();
    },
  };
}

/** `GET /session/{id}/message` straight from the server, to compare results against. */
export async function sessionMessages(
  rig: Rig,
  sessionId: string,
): Promise<Array<{ info: Record<string, unknown>; parts: Array<Record<string, unknown>> }>> {
  const address = await rig.agent.serverAddress();
  if (address === undefined) throw new Error('no server running');
  const response = await fetch(
    `http://${address.address}:${address.port}/session/${sessionId}/message`,
    {
      headers: {
        authorization: `Basic ${Buffer.from(`opencode:${rig.password}`).toString('base64')}`,
      },
    },
  );
  return (await response.json()) as Array<{
    info: Record<string, unknown>;
    parts: Array<Record<string, unknown>>;
  }>;
}

/** Pids of processes whose command line contains `needle` (Linux `/proc`). */
export function processesMatching(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(needle)) pids.push(pid);
    } catch {
      // gone
    }
  }
  return pids;
}

/** Waits until `predicate` holds, polling; fails after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

export function eventsOf<T extends AnyJarvisEvent['type']>(
  events: readonly AnyJarvisEvent[],
  type: T,
): Array<Extract<AnyJarvisEvent, { type: T }>> {
  return events.filter(
    (event): event is Extract<AnyJarvisEvent, { type: T }> => event.type === type,
  );
}

/** Pids of the `opencode serve` processes this process started (behind their supervisors). */
export function ownOpenCodeServers(): number[] {
  return descendantsOf(process.pid).filter((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      // opencode itself, not the supervisor or `unshare` whose arguments name it.
      return /opencode(\.exe)?$/.test(argv[0] ?? '') && argv[1] === 'serve';
    } catch {
      return false;
    }
  });
}
