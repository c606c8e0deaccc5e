import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBus } from '@openjarvis/core';
import { markerScript, reply, turnScript } from '@openjarvis/testing';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, type Rig, sessionMessages, startRig } from './test-support/harness.js';

// A real `opencode serve` with a scripted model behind it: opencode runs its
// real tools in a temporary workspace.
const script = markerScript({
  '[[write-bash]]': turnScript([
    reply.toolCall('write', { filePath: 'notes/hello.txt', content: 'hello from the test\n' }),
    reply.toolCall('bash', {
      command: 'sleep 0.3; cat notes/hello.txt',
      description: 'Show the file',
    }),
    (request) => reply.text(`The file says: ${request.toolResults.at(-1)?.content.trim()}`),
  ]),
  '[[text]]': turnScript([reply.text('Hello from the local model.')]),
  '[[grep]]': turnScript([
    reply.toolCall('write', { filePath: 'needle.txt', content: 'a haystack with a needle\n' }),
    reply.toolCall('grep', { pattern: 'needle' }),
    (request) => reply.text(request.toolResults.at(-1)?.content ?? ''),
  ]),
  '[[slow]]': turnScript([reply.text('slow reply', { delayMs: 300 })]),
  '[[write-only]]': turnScript([
    reply.toolCall('write', { filePath: 'out.txt', content: 'x' }),
    reply.text('Hello from the local model.'),
  ]),
});

describe('OpenCodeAgent against the real opencode binary (scripted model)', () => {
  let rig: Rig;
  const bus = new EventBus({ recordHistory: true });

  beforeAll(async () => {
    // keepSessions: a test compares results with what opencode stored.
    rig = await startRig(script, { bus, apiKey: 'sk-test-secret-key', keepSessions: true });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('runs a write + bash turn: the file exists, tool events arrive live and in order, the result matches the session', async () => {
    const result = await rig.agent.run('Create the notes file and show it [[write-bash]]');
    expect(result.metadata.error).toBeUndefined();
    expect(readFileSync(join(rig.workspace, 'notes/hello.txt'), 'utf8')).toBe(
      'hello from the test\n',
    );
    expect(result.content).toBe('The file says: hello from the test');
    expect(result.turns).toBe(1);
    expect(result.toolResults.map((t) => [t.toolName, t.success])).toEqual([
      ['write', true],
      ['bash', true],
    ]);

    const runId = result.metadata.runId;
    const run = rig.events.filter((event) => (event.data as { runId?: string }).runId === runId);
    const order = run
      .filter((event) => event.type.startsWith('tool_call') || event.type.startsWith('agent_turn'))
      .map((event) =>
        event.type.startsWith('tool_call')
          ? `${event.type}:${(event.data as { tool: string }).tool}`
          : event.type,
      );
    expect(order).toEqual([
      'agent_turn_start',
      'tool_call_start:write',
      'tool_call_end:write',
      'tool_call_start:bash',
      'tool_call_end:bash',
      'agent_turn_end',
    ]);

    // Live: the write had ended and the bash had started while the turn was
    // still going — before opencode, 300 ms of bash later, asked the model for
    // its final step. (The SSE event of a step and opencode's next model
    // request race each other, so the step right after is no fair mark.)
    const requests = rig.model.requests.filter((r) => r.userText.includes('[[write-bash]]'));
    expect(requests).toHaveLength(3);
    const writeEnd = eventsOf(run, 'tool_call_end').find((e) => e.data.tool === 'write');
    const bashStart = eventsOf(run, 'tool_call_start').find((e) => e.data.tool === 'bash');
    expect(writeEnd?.timestamp).toBeLessThanOrEqual(requests[2]?.receivedAt ?? 0);
    expect(bashStart?.timestamp).toBeLessThanOrEqual(requests[2]?.receivedAt ?? 0);
    const deltas = eventsOf(run, 'agent_text_delta')
      .map((e) => e.data.delta)
      .join('');
    expect(deltas).toBe('The file says: hello from the test');

    // The result agrees with what opencode stored.
    const messages = await sessionMessages(rig, String(result.metadata.sessionId));
    const storedTools = messages.flatMap((m) => m.parts).filter((p) => p.type === 'tool');
    expect(storedTools.map((p) => p.callID)).toEqual(result.toolResults.map((t) => t.callId));
    const turnEnd = eventsOf(run, 'agent_turn_end')[0];
    expect(turnEnd?.data.result).toEqual(result);
    expect(turnEnd?.data.usage).toMatchObject({ inputTokens: 300, outputTokens: 60 });
    expect(turnEnd?.data.server?.address).toBe('127.0.0.1');
  });

  it('publishes the same events on the bus it was given', async () => {
    const result = await rig.agent.run('Say hello [[text]]');
    const onBus = bus.history.filter(
      (e) => (e.data as { runId?: string }).runId === result.metadata.runId,
    );
    expect(onBus.map((e) => e.type)).toEqual(
      expect.arrayContaining(['agent_turn_start', 'agent_text_delta', 'agent_turn_end']),
    );
  });

  it('ports the ancestor run-parsing case: content, metadata, model addressing, tool result from an earlier message', async () => {
    const result = await rig.agent.run('Write a file [[write-only]]');
    expect(result.content).toBe('Hello from the local model.');
    expect(result.metadata).toMatchObject({
      finish: 'stop',
      modelId: 'local-model',
      opencodeAgent: 'build',
      providerId: 'openjarvis',
    });
    const request = rig.model.requests.find((r) => r.userText.includes('[[write-only]]'));
    expect(request?.body.model).toBe('local-model');
    expect(result.toolResults).toHaveLength(1);
    expect(result.toolResults[0]).toMatchObject({ toolName: 'write', success: true });
    expect(result.toolResults[0]?.content).toContain('Wrote file');
    expect(existsSync(join(rig.workspace, 'out.txt'))).toBe(true);
  });

  it('stream() is cold, emits only its run, and completes after the turn end carrying the result', async () => {
    const stream = rig.agent.stream('Say hello [[text]]');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = rig.events.length;
    expect(rig.model.requests.filter((r) => r.index >= 0).length).toBeGreaterThan(0);
    const events = await lastValueFrom(stream.pipe(toArray()));
    expect(rig.events.length).toBeGreaterThan(before);
    expect(events[0]?.type).toBe('agent_turn_start');
    expect(events.at(-1)?.type).toBe('agent_turn_end');
    const runIds = new Set(events.map((e) => (e.data as { runId: string }).runId));
    expect(runIds.size).toBe(1);
    const end = events.at(-1);
    expect(end?.type === 'agent_turn_end' && end.data.result.content).toBe(
      'Hello from the local model.',
    );
  });

  it('runs concurrent runs on one server, in separate sessions', async () => {
    const pid = await rig.agent.serverPid();
    const results = await Promise.all([
      rig.agent.run('one [[slow]]'),
      rig.agent.run('two [[slow]]'),
      rig.agent.run('three [[text]]'),
    ]);
    expect(results.map((r) => r.metadata.error)).toEqual([undefined, undefined, undefined]);
    expect(new Set(results.map((r) => r.metadata.sessionId)).size).toBe(3);
    expect(await rig.agent.serverPid()).toBe(pid);
  });

  it("gives opencode's grep tool a ripgrep to use (no download attempt)", async () => {
    const result = await rig.agent.run('Find the needle [[grep]]');
    expect(result.toolResults.map((t) => [t.toolName, t.success])).toEqual([
      ['write', true],
      ['grep', true],
    ]);
    expect(result.toolResults[1]?.content).toContain('needle.txt');
  });

  it('never writes opencode config into the workspace', () => {
    expect(existsSync(join(rig.workspace, 'opencode.json'))).toBe(false);
    expect(existsSync(join(rig.workspace, '.opencode'))).toBe(false);
  });
});
