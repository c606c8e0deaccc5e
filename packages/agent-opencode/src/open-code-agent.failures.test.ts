import { createServer, type Server } from 'node:net';
import type { AnyJarvisEvent } from '@openjarvis/core';
import { markerScript, reply, startScriptedModelServer, turnScript } from '@openjarvis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenCodeAgent } from './open-code-agent.js';
import {
  eventsOf,
  eventually,
  processesMatching,
  type Rig,
  startRig,
  tempWorkspace,
} from './test-support/harness.js';

describe('OpenCodeAgent failures that need no server', () => {
  // Something that listens where the engine should be: the pre-run probe only connects.
  let engine: Server;
  let engineUrl: string;
  beforeAll(async () => {
    engine = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
    engineUrl = `http://127.0.0.1:${(engine.address() as { port: number }).port}/v1`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => engine.close(() => resolve()));
  });

  it('a missing binary resolves to an error result that says how to install opencode', async () => {
    const agent = new OpenCodeAgent(undefined, 'local-model', {
      providerBaseUrl: engineUrl,
      opencodeBin: '/nonexistent/opencode',
      workspace: tempWorkspace(),
    });
    const result = await agent.run('hello');
    expect(result.metadata).toMatchObject({ error: { kind: 'opencode_not_found' } });
    expect(result.content).toContain('opencode');
    expect(result.content).toContain('npm install opencode-ai');
    expect(await agent.serverPid()).toBeUndefined();
  });

  it('a bare model name with no derivable base URL fails before anything is spawned', async () => {
    const agent = new OpenCodeAgent({ engineId: 'nothing' } as never, 'qwen3:8b', {
      workspace: tempWorkspace(),
    });
    const ends: unknown[] = [];
    agent.events$.subscribe((event) => ends.push(event.type));
    const result = await agent.run('hello');
    expect(result.metadata).toMatchObject({ error: { kind: 'no_provider' } });
    expect(result.content).toContain('could not determine');
    expect(await agent.serverPid()).toBeUndefined();
    expect(ends).toEqual(['agent_turn_start', 'agent_error', 'agent_turn_end']);
  });

  it('a server that cannot start (port taken) resolves to server_start_failed', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const agent = new OpenCodeAgent(undefined, 'm', {
      providerBaseUrl: engineUrl,
      port,
      workspace: tempWorkspace(),
    });
    const result = await agent.run('hello');
    blocker.close();
    expect(result.metadata).toMatchObject({ error: { kind: 'server_start_failed' } });
    expect(result.content).toMatch(/exited during startup/);
  });
});

describe('OpenCodeAgent engine and tool failures (real opencode, scripted model)', () => {
  let rig: Rig;
  const script = markerScript({
    '[[http500]]': turnScript([reply.httpError(500, 'the engine broke')]),
    '[[http400]]': turnScript([
      reply.httpError(400, 'bad request from engine', 'invalid_request_error'),
    ]),
    '[[malformed]]': turnScript([reply.malformed()]),
    '[[overflow]]': turnScript([
      reply.httpError(
        400,
        'request (3027 tokens) exceeds the available context size (2048 tokens), try increasing it',
        'exceed_context_size_error',
      ),
    ]),
    '[[failing-tool]]': turnScript([
      reply.toolCall('bash', { command: 'echo oops; exit 3', description: 'Fail' }),
      reply.text('The command failed.'),
    ]),
    '[[missing-tool]]': turnScript([
      reply.toolCall('no_such_tool', { x: 1 }),
      reply.text('Recovered.'),
    ]),
    '[[sleep]]': turnScript([
      reply.toolCall('bash', { command: 'sleep 41.5', description: 'Sleep' }),
      reply.text('slept'),
    ]),
    '[[hang]]': turnScript([reply.hang()]),
  });

  beforeAll(async () => {
    rig = await startRig(script, { timeoutMs: 120_000 });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('an engine answering 500 ends the run as engine_error (after the allowed retries)', async () => {
    const result = await rig.agent.run('go [[http500]]');
    expect(result.metadata).toMatchObject({ error: { kind: 'engine_error' } });
    expectOneAgentError(rig, result.metadata.runId, 'engine_error');
    expect(result.content).toContain('the engine broke');
    expect(eventsOf(rig.events, 'agent_status').some((e) => e.data.status === 'retrying')).toBe(
      true,
    );
  });

  it('an engine answering 400 fails at once (opencode does not retry)', async () => {
    const result = await rig.agent.run('go [[http400]]');
    expect(result.metadata).toMatchObject({ error: { kind: 'engine_error' } });
    expect(result.content).toContain('bad request from engine');
  });

  it('a context overflow is recognised in any engine wording', async () => {
    const result = await rig.agent.run('go [[overflow]]');
    expect(result.metadata).toMatchObject({ error: { kind: 'context_length_exceeded' } });
    expectOneAgentError(rig, result.metadata.runId, 'context_length_exceeded');
  });

  it('a malformed engine stream ends the run as engine_malformed_response', async () => {
    const result = await rig.agent.run('go [[malformed]]');
    expect(result.metadata).toMatchObject({ error: { kind: 'engine_malformed_response' } });
    expectOneAgentError(rig, result.metadata.runId, 'engine_malformed_response');
  });

  it('a failing tool is reported as failed while the run goes on', async () => {
    const result = await rig.agent.run('go [[failing-tool]]');
    expect(result.metadata.error).toBeUndefined();
    expect(agentErrorsOf(rig, result.metadata.runId)).toEqual([]);
    expect(result.content).toBe('The command failed.');
    expect(result.toolResults[0]).toMatchObject({ toolName: 'bash', success: false });
    const end = eventsOf(rig.events, 'tool_call_end').find(
      (e) => e.data.runId === result.metadata.runId,
    );
    expect(end?.data).toMatchObject({
      success: false,
      error: { kind: 'tool_error', message: 'the command exited with code 3' },
    });
    expect(end?.data.output).toContain('oops');
  });

  it('a call to a tool that does not exist is a failed tool call', async () => {
    const result = await rig.agent.run('go [[missing-tool]]');
    expect(result.content).toBe('Recovered.');
    expect(result.toolResults[0]?.success).toBe(false);
  });

  it('aborting through the signal mid-tool ends the run and the tool process', async () => {
    const controller = new AbortController();
    const run = rig.agent.run('go [[sleep]]', undefined, { signal: controller.signal });
    await eventually(() => processesMatching('sleep 41.5').length > 0);
    controller.abort();
    const result = await run;
    expect(result.metadata).toMatchObject({ error: { kind: 'aborted' } });
    expectOneAgentError(rig, result.metadata.runId, 'aborted');
    await eventually(() => processesMatching('sleep 41.5').length === 0);
    const ends = eventsOf(rig.events, 'tool_call_end').filter(
      (e) => e.data.runId === result.metadata.runId,
    );
    expect(ends).toHaveLength(1);
    expect(ends[0]?.data.success).toBe(false);
  });

  it('unsubscribing from stream() aborts the run', async () => {
    const seen: string[] = [];
    const subscription = rig.agent
      .stream('go [[hang]]')
      .subscribe((event) => seen.push(event.type));
    await eventually(() => rig.model.requests.some((r) => r.userText.includes('[[hang]]')));
    const before = rig.model.disconnects;
    subscription.unsubscribe();
    // opencode aborts the model request when its session is aborted.
    await eventually(() => rig.model.disconnects > before);
    expect(seen[0]).toBe('agent_turn_start');
    const end = eventsOf(rig.events, 'agent_turn_end').at(-1);
    await eventually(
      () =>
        eventsOf(rig.events, 'agent_turn_end').at(-1) !== end ||
        end?.data.error?.kind === 'aborted',
    );
    expect(eventsOf(rig.events, 'agent_turn_end').at(-1)?.data.error?.kind).toBe('aborted');
  });
});

describe('OpenCodeAgent bounds', () => {
  it('an engine unreachable before the run fails it at once, naming the URL, opencode never started', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const agent = new OpenCodeAgent(undefined, 'local-model', {
      providerBaseUrl: `http://127.0.0.1:${port}/v1`,
      workspace: tempWorkspace(),
    });
    const events: AnyJarvisEvent[] = [];
    agent.events$.subscribe((event) => events.push(event));
    try {
      const result = await agent.run('hello');
      expect(result.metadata).toMatchObject({ error: { kind: 'engine_unreachable' } });
      expect(result.content).toContain(`http://127.0.0.1:${port}/v1`);
      expect(result.content).toContain('connection refused');
      // No opencode, so no retries: nothing was spawned.
      expect(await agent.serverPid()).toBeUndefined();
      expect(events.map((event) => event.type)).toEqual([
        'agent_turn_start',
        'agent_error',
        'agent_turn_end',
      ]);
    } finally {
      await agent.close();
    }
  });

  it('a run that outlives timeoutMs is aborted and reported as timeout', async () => {
    const model = await startScriptedModelServer({
      script: turnScript([reply.hang()]),
      modelId: 'local-model',
    });
    const agent = new OpenCodeAgent(undefined, 'local-model', {
      providerBaseUrl: model.baseUrl,
      workspace: tempWorkspace(),
    });
    try {
      // Warm first: the bound then falls on the engine request, not on a slow start.
      await agent.warm();
      const result = await agent.run('hello', undefined, { timeoutMs: 6_000 });
      expect(result.metadata).toMatchObject({ error: { kind: 'timeout' } });
      expect(model.requests.length).toBeGreaterThanOrEqual(1);
      await eventually(() => model.disconnects === 1);
    } finally {
      await agent.close();
      await model.close();
    }
  });
});

function agentErrorsOf(rig: Rig, runId: unknown): string[] {
  return eventsOf(rig.events, 'agent_error')
    .filter((event) => event.data.runId === runId)
    .map((event) => event.data.kind);
}

/** A failed run publishes exactly one agent_error, of the result's kind. */
function expectOneAgentError(rig: Rig, runId: unknown, kind: string): void {
  expect(agentErrorsOf(rig, runId)).toEqual([kind]);
}
