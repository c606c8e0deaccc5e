import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { markerScript, reply, turnScript } from '@openjarvis/testing';
import { describe, expect, it } from 'vitest';
import { descendantsOf } from './server/process-tree.js';
import { eventually, isAlive, processesMatching, startRig } from './test-support/harness.js';

const script = markerScript({
  '[[hang]]': turnScript([reply.hang()]),
  '[[text]]': turnScript([reply.text('alive')]),
  '[[sleep]]': turnScript([
    // One sleep double-forked out of opencode's tree, one in the foreground.
    reply.toolCall('bash', { command: '(sleep 42.25 &); sleep 42.25', description: 'Sleep' }),
    reply.text('x'),
  ]),
});

/** The private config file opencode was started with, read from its environment. */
function configFileOf(pid: number): string {
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const entry = environ.find((line) => line.startsWith('OPENCODE_CONFIG='));
  return entry?.slice('OPENCODE_CONFIG='.length) ?? '';
}

describe('server lifecycle (real opencode)', () => {
  it('a server killed mid-turn ends the run with server_crashed quickly, and the next run starts a fresh server', async () => {
    const rig = await startRig(script);
    try {
      await rig.agent.run('warm up [[text]]');
      const pid = (await rig.agent.serverPid()) as number;
      const run = rig.agent.run('go [[hang]]');
      await eventually(() => rig.model.requests.some((r) => r.userText.includes('[[hang]]')));
      const configFile = configFileOf(pid);
      process.kill(pid, 'SIGKILL');
      const killedAt = Date.now();
      const result = await run;
      const latency = Date.now() - killedAt;
      expect(result.metadata).toMatchObject({ error: { kind: 'server_crashed' } });
      expect(latency).toBeLessThan(2_000);
      await eventually(() => !existsSync(configFile));

      const next = await rig.agent.run('again [[text]]');
      expect(next.metadata.error).toBeUndefined();
      expect(next.content).toBe('alive');
      const newPid = await rig.agent.serverPid();
      expect(newPid).not.toBe(pid);
    } finally {
      await rig.close();
    }
  });

  it('close() leaves no process behind (busy bash included) and deletes the private config; it is idempotent', async () => {
    const rig = await startRig(script);
    const run = rig.agent.run('go [[sleep]]');
    await eventually(() => processesMatching('sleep 42.25').length >= 2, 30_000);
    const pid = (await rig.agent.serverPid()) as number;
    const tree = descendantsOf(pid);
    const configFile = configFileOf(pid);
    expect(existsSync(configFile)).toBe(true);
    // Only the user can read the config (it may hold the engine's API key).
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(configFile)).mode & 0o777).toBe(0o700);
    expect(tree.length).toBeGreaterThan(0);
    await rig.close();
    const result = await run;
    expect(result.metadata).toMatchObject({ error: { kind: 'aborted' } });
    expect(isAlive(pid)).toBe(false);
    expect(tree.filter(isAlive)).toEqual([]);
    expect(processesMatching('sleep 42.25')).toEqual([]);
    expect(existsSync(configFile)).toBe(false);
    await rig.agent.close();
  });
});
