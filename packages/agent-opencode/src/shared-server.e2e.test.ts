import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyJarvisEvent } from '@openjarvis/core';
import {
  markerScript,
  reply,
  type ScriptedModelServer,
  startScriptedModelServer,
  turnScript,
} from '@openjarvis/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenCodeAgent } from './open-code-agent.js';
import type { OpenCodeAgentOptions } from './options.js';
import { descendantsOf } from './server/process-tree.js';
import {
  eventsOf,
  eventually,
  isAlive,
  ownOpenCodeServers,
  tempWorkspace,
} from './test-support/harness.js';

// Agents of one process on one opencode server, each in its own workspace.
const script = markerScript({
  '[[where]]': turnScript([
    reply.toolCall('bash', { command: 'pwd > where.txt', description: 'Note the directory' }),
    reply.text('noted'),
  ]),
  '[[text]]': turnScript([reply.text('alive')]),
  '[[slow]]': turnScript([reply.text('slow answer', { delayMs: 1_500 })]),
  '[[long]]': turnScript([reply.text('long answer', { delayMs: 10_000 })]),
  '[[hang]]': turnScript([reply.hang()]),
});

let model: ScriptedModelServer;
const agents: OpenCodeAgent[] = [];
const password = `pw-${Math.random().toString(36).slice(2)}`;

beforeEach(async () => {
  model = await startScriptedModelServer({ script, modelId: 'local-model' });
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
  await model.close();
});

function newAgent(options: OpenCodeAgentOptions = {}) {
  const workspace = options.workspace ?? tempWorkspace();
  const agent = new OpenCodeAgent(undefined, 'local-model', {
    providerBaseUrl: model.baseUrl,
    serverPassword: password,
    maxEngineRetries: 0,
    diff: false,
    ...options,
    workspace,
  });
  const events: AnyJarvisEvent[] = [];
  agent.events$.subscribe((event) => events.push(event));
  agents.push(agent);
  return { agent, workspace, events };
}

/** Waits for `/global/event` of the server at `url` to report `directory`'s instance disposed. */
async function watchDisposals(url: string): Promise<{ disposed: string[]; stop(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${url}/global/event`, {
    headers: { authorization: `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}` },
    signal: controller.signal,
  });
  const disposed: string[] = [];
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const chunk = await reader?.read().catch(() => undefined);
      if (chunk === undefined || chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      const frames = buffer.split('\n\n');
      buffer = frames.pop() ?? '';
      for (const frame of frames) {
        if (!frame.startsWith('data: ')) continue;
        const envelope = JSON.parse(frame.slice(6)) as {
          payload: { type: string; properties?: { directory?: string } };
        };
        if (envelope.payload.type === 'server.instance.disposed') {
          disposed.push(envelope.payload.properties?.directory ?? '');
        }
      }
    }
  })();
  return { disposed, stop: () => controller.abort() };
}

describe('one opencode server for many agents (real opencode)', () => {
  it('four agents on four workspaces share one server; files and events stay each agent’s own', async () => {
    const four = [newAgent(), newAgent(), newAgent(), newAgent()];
    const results = await Promise.all(four.map(({ agent }) => agent.run('note it [[where]]')));
    for (const result of results) expect(result.metadata.error).toBeUndefined();
    expect(ownOpenCodeServers()).toHaveLength(1);
    const pids = await Promise.all(four.map(({ agent }) => agent.serverPid()));
    expect(new Set(pids).size).toBe(1);

    four.forEach(({ workspace, events }, i) => {
      // The bash tool ran in the agent's own workspace, not the server's.
      expect(readFileSync(join(workspace, 'where.txt'), 'utf8').trim()).toBe(workspace);
      const runId = results[i]?.metadata.runId;
      const sessionId = results[i]?.metadata.sessionId;
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) expect('runId' in event.data && event.data.runId).toBe(runId);
      const tools = eventsOf(events, 'tool_call_start');
      expect(tools).toHaveLength(1);
      expect(tools[0]?.data.sessionId).toBe(sessionId);
    });
  });

  it('one agent’s close() leaves the others running and disposes only its directory’s instance; the last close() leaves no process', async () => {
    const [a, b, c] = [newAgent(), newAgent(), newAgent()];
    await Promise.all([a, b, c].map(({ agent }) => agent.run('warm [[text]]')));
    const pid = (await a.agent.serverPid()) as number;
    const address = await a.agent.serverAddress();
    const watcher = await watchDisposals(`http://${address?.address}:${address?.port}`);
    try {
      await a.agent.close();
      await eventually(() => watcher.disposed.includes(a.workspace));
      expect(watcher.disposed).not.toContain(b.workspace);
      expect(isAlive(pid)).toBe(true);
      const again = await b.agent.run('still here [[text]]');
      expect(again.content).toBe('alive');
      expect(await b.agent.serverPid()).toBe(pid);

      await b.agent.close();
      await eventually(() => watcher.disposed.includes(b.workspace));
      expect(isAlive(pid)).toBe(true);
    } finally {
      watcher.stop();
    }
    const tree = descendantsOf(pid);
    await c.agent.close();
    expect(isAlive(pid)).toBe(false);
    for (const child of tree) expect(isAlive(child)).toBe(false);
    expect(ownOpenCodeServers()).toHaveLength(0);
  });

  it('a server crash during two agents’ runs fails both runs, and both agents recover on a fresh server', async () => {
    const [a, b] = [newAgent(), newAgent()];
    await Promise.all([a, b].map(({ agent }) => agent.run('warm [[text]]')));
    const pid = (await a.agent.serverPid()) as number;
    const runs = [a.agent.run('stuck [[hang]]'), b.agent.run('stuck too [[hang]]')];
    await eventually(
      () => model.requests.filter((request) => request.userText.includes('[[hang]]')).length >= 2,
    );
    process.kill(pid, 'SIGKILL');
    for (const result of await Promise.all(runs)) {
      expect(result.metadata.error?.kind).toBe('server_crashed');
    }
    const next = await Promise.all([a, b].map(({ agent }) => agent.run('again [[text]]')));
    expect(next.map((result) => result.content)).toEqual(['alive', 'alive']);
    const pids = await Promise.all([a, b].map(({ agent }) => agent.serverPid()));
    expect(pids[0]).toBe(pids[1]);
    expect(pids[0]).not.toBe(pid);
    expect(ownOpenCodeServers()).toHaveLength(1);
  });

  it('shareServer: false keeps a server per agent', async () => {
    const [a, b] = [newAgent({ shareServer: false }), newAgent({ shareServer: false })];
    await Promise.all([a, b].map(({ agent }) => agent.run('own server [[text]]')));
    expect(await a.agent.serverPid()).not.toBe(await b.agent.serverPid());
    expect(ownOpenCodeServers()).toHaveLength(2);
  });

  it('agents whose servers would differ (another engine) do not share', async () => {
    const other = await startScriptedModelServer({ script, modelId: 'local-model' });
    try {
      const a = newAgent();
      const b = newAgent({ providerBaseUrl: other.baseUrl });
      await Promise.all([a, b].map(({ agent }) => agent.run('apart [[text]]')));
      expect(await a.agent.serverPid()).not.toBe(await b.agent.serverPid());
    } finally {
      await Promise.all(agents.splice(0).map((agent) => agent.close()));
      await other.close();
    }
  });

  it('attaches to a running server by serverUrl: nothing spawned, and closing disposes nothing', async () => {
    const owner = newAgent({ shareServer: false });
    await owner.agent.run('start it [[text]]');
    const pid = (await owner.agent.serverPid()) as number;
    const address = await owner.agent.serverAddress();
    const url = `http://${address?.address}:${address?.port}`;
    const watcher = await watchDisposals(url);
    try {
      const guest = newAgent({ serverUrl: url });
      const result = await guest.agent.run('note it [[where]]');
      expect(result.metadata.error).toBeUndefined();
      expect(readFileSync(join(guest.workspace, 'where.txt'), 'utf8').trim()).toBe(guest.workspace);
      expect(ownOpenCodeServers()).toEqual([pid]);
      expect(await guest.agent.serverPid()).toBeUndefined();
      await guest.agent.close();
      expect(isAlive(pid)).toBe(true);
      const still = await owner.agent.run('still up [[text]]');
      expect(still.content).toBe('alive');
      expect(watcher.disposed).not.toContain(guest.workspace);
    } finally {
      watcher.stop();
    }
  });

  it('attaching with a wrong password fails the run with a clear error', async () => {
    const owner = newAgent({ shareServer: false });
    await owner.agent.run('start it [[text]]');
    const address = await owner.agent.serverAddress();
    const guest = newAgent({
      serverUrl: `http://${address?.address}:${address?.port}`,
      serverPassword: 'not-the-password',
    });
    const result = await guest.agent.run('hello [[text]]');
    expect(result.metadata.error?.kind).toBe('server_start_failed');
    expect(result.content).toMatch(/could not attach/);
    expect(result.content).not.toContain('not-the-password');
  });

  it('warm() starts the server ahead of the first run, which then starts nothing', async () => {
    const { agent, events, workspace } = newAgent();
    await agent.warm();
    expect(await agent.serverPid()).toBeDefined();
    // The warm-up prompt went to the in-process warm-up model, not the engine, and its session is gone.
    expect(model.requests).toHaveLength(0);
    const address = await agent.serverAddress();
    const sessions = await fetch(`http://${address?.address}:${address?.port}/session`, {
      headers: {
        authorization: `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}`,
        'x-opencode-directory': encodeURIComponent(workspace),
      },
    });
    expect(await sessions.json()).toEqual([]);
    const starts = eventsOf(events, 'agent_status').filter(
      (event) => event.data.status === 'server_starting',
    );
    const result = await agent.run('first [[text]]');
    expect(result.content).toBe('alive');
    expect(
      eventsOf(events, 'agent_status').filter((event) => event.data.status === 'server_starting'),
    ).toEqual(starts);
  });

  it('maxServers spreads concurrent runs over several processes, least busy first', async () => {
    const { agent } = newAgent({ maxServers: 2 });
    await agent.run('one [[text]]');
    expect(ownOpenCodeServers()).toHaveLength(1);
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => agent.run(`together ${i} [[slow]]`)),
    );
    for (const result of results) expect(result.content).toBe('slow answer');
    expect(ownOpenCodeServers()).toHaveLength(2);
  });

  it('recycling a shared server drains it: a run in flight ends on it, new runs go to a fresh one', async () => {
    const [a, b] = [
      newAgent({ recycle: { afterRuns: 2 } }),
      newAgent({ recycle: { afterRuns: 2 } }),
    ];
    await a.agent.run('first [[text]]');
    const old = (await a.agent.serverPid()) as number;
    const long = a.agent.run('long [[long]]');
    await eventually(() => model.requests.some((request) => request.userText.includes('long')));
    // The second run retires the server; the long run is still on it, so it stays up.
    await b.agent.run('second [[text]]');
    expect(isAlive(old)).toBe(true);
    const fresh = await b.agent.run('third [[text]]');
    expect(fresh.content).toBe('alive');
    expect(await b.agent.serverPid()).not.toBe(old);
    expect((await long).content).toBe('long answer');
    await eventually(() => !isAlive(old));
    expect(
      eventsOf(b.events, 'agent_status').some((event) => event.data.status === 'server_recycling'),
    ).toBe(true);
  });
});
