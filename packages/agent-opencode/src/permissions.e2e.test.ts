import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { markerScript, reply, turnScript } from '@openjarvis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PermissionRequest } from './run/permission-handling.js';
import { eventsOf, type Rig, startRig } from './test-support/harness.js';

const script = markerScript({
  '[[bash]]': turnScript([
    reply.toolCall('bash', { command: 'echo permitted > ran.txt', description: 'Write a marker' }),
    reply.text('finished'),
  ]),
});

describe('permission asks answered by policy (real opencode)', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(script, {
      permission: { '*': 'allow', bash: 'ask' },
      permissionPolicy: { bash: 'once' },
    });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('answers the ask from the policy and the tool runs', async () => {
    const result = await rig.agent.run('go [[bash]]');
    expect(result.metadata.error).toBeUndefined();
    expect(existsSync(join(rig.workspace, 'ran.txt'))).toBe(true);
    const request = eventsOf(rig.events, 'permission_request')[0];
    const replied = eventsOf(rig.events, 'permission_reply')[0];
    expect(request?.data).toMatchObject({ permission: 'bash', runId: result.metadata.runId });
    expect(replied?.data).toMatchObject({
      reply: 'once',
      by: 'policy',
      requestId: request?.data.requestId,
    });
  });
});

describe('permission asks answered by a callback (real opencode)', () => {
  let rig: Rig;
  const asked: PermissionRequest[] = [];
  let answer: 'reject' | 'never' = 'reject';
  beforeAll(async () => {
    rig = await startRig(script, {
      permission: { '*': 'allow', bash: 'ask' },
      permissionTimeoutMs: 1_000,
      onPermission: (request, { signal }) => {
        asked.push(request);
        if (answer === 'reject') return 'reject';
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      },
    });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a rejecting callback fails the tool call and ends the turn', async () => {
    const result = await rig.agent.run('go [[bash]]');
    expect(asked[0]).toMatchObject({ permission: 'bash', patterns: ['echo permitted > ran.txt'] });
    expect(existsSync(join(rig.workspace, 'ran.txt'))).toBe(false);
    expect(result.toolResults[0]).toMatchObject({ toolName: 'bash', success: false });
    expect(eventsOf(rig.events, 'permission_reply').at(-1)?.data).toMatchObject({
      reply: 'reject',
      by: 'callback',
    });
  });

  it('a callback that never answers is rejected by the timeout, so the run cannot hang', async () => {
    answer = 'never';
    const result = await rig.agent.run('go [[bash]]');
    expect(existsSync(join(rig.workspace, 'ran.txt'))).toBe(false);
    expect(result.toolResults[0]?.success).toBe(false);
    expect(eventsOf(rig.events, 'permission_reply').at(-1)?.data).toMatchObject({
      reply: 'reject',
      by: 'timeout',
    });
  });
});

describe('default policy for opencode built-in asks', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(
      markerScript({
        '[[outside]]': turnScript([
          (request) =>
            reply.toolCall('write', {
              filePath: join(dirname(request.userText.split(' ')[1] ?? '/tmp/x'), 'outside-oj.txt'),
              content: 'should not be written',
            }),
          reply.text('done'),
        ]),
      }),
    );
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('rejects a write outside the workspace (external_directory) without any handler', async () => {
    const result = await rig.agent.run(`write ${rig.workspace} [[outside]]`);
    const request = eventsOf(rig.events, 'permission_request')[0];
    expect(request?.data.permission).toBe('external_directory');
    expect(eventsOf(rig.events, 'permission_reply')[0]?.data).toMatchObject({
      reply: 'reject',
      by: 'policy',
    });
    expect(existsSync(join(dirname(rig.workspace), 'outside-oj.txt'))).toBe(false);
    expect(result.toolResults[0]?.success).toBe(false);
  });
});
