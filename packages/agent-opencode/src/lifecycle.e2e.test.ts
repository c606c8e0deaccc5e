import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { markerScript, reply, startScriptedModelServer, turnScript } from '@openjarvis/testing';
import { describe, expect, it } from 'vitest';
import { descendantsOf } from './server/process-tree.js';
import { sweepOrphans } from './server/scratch-directory.js';
import { eventually, isAlive, processesMatching, startRig } from './test-support/harness.js';

const script = markerScript({
  '[[hang]]': turnScript([reply.hang()]),
  '[[text]]': turnScript([reply.text('alive')]),
  '[[sleep]]': turnScript([
    reply.toolCall('bash', { command: 'sleep 42.25', description: 'Sleep' }),
    reply.text('x'),
  ]),
});

/** The private config file opencode was started with, read from its environment. */
function configFileOf(pid: number): string {
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const entry = environ.find((line) => line.startsWith('OPENCODE_CONFIG='));
  return entry?.slice('OPENCODE_CONFIG='.length) ?? '';
}

/**
 * A separate Node program that owns an OpenCodeAgent: it runs one turn,
 * prints `PID <opencode pid> OPENCODE_CONFIG=<config file>`, then does `then`.
 */
function ownerProgram(modelBaseUrl: string, then: string): string[] {
  return [
    '--input-type=module',
    '-e',
    `
    import { readFileSync } from 'node:fs';
    import { OpenCodeAgent } from '@openjarvis/agent-opencode';
    const agent = new OpenCodeAgent(undefined, 'local-model', { providerBaseUrl: ${JSON.stringify(modelBaseUrl)}, workspace: ${JSON.stringify(tmpdir())} });
    await agent.run('hi [[text]]');
    const pid = await agent.serverPid();
    const config = readFileSync('/proc/' + pid + '/environ', 'utf8').split('\\0').find((v) => v.startsWith('OPENCODE_CONFIG='));
    console.log('PID ' + pid + ' ' + config);
    ${then}
    `,
  ];
}

const ownerLine = /PID (\d+) OPENCODE_CONFIG=(\S+)/;
const packageRoot = new URL('..', import.meta.url).pathname;

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
    await eventually(() => processesMatching('sleep 42.25').length > 0);
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

  it('no opencode survives its owner being killed with SIGKILL', async () => {
    const model = await startScriptedModelServer({ script, modelId: 'local-model' });
    const owner = spawn(
      process.execPath,
      ownerProgram(model.baseUrl, 'setInterval(() => {}, 1000);'),
      {
        cwd: packageRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const [pid, configFile] = await new Promise<[number, string]>((resolve, reject) => {
        owner.stdout.on('data', (chunk: Buffer) => {
          const match = ownerLine.exec(chunk.toString());
          if (match?.[1] !== undefined && match[2] !== undefined)
            resolve([Number(match[1]), match[2]]);
        });
        owner.on('exit', () => reject(new Error('owner exited early')));
      });
      expect(isAlive(pid)).toBe(true);
      expect(existsSync(configFile)).toBe(true);
      owner.kill('SIGKILL');
      await eventually(() => !isAlive(pid), 5_000);
      // Nothing of the owner could run; the next server start sweeps its
      // directory (here, or in a test file running beside this one).
      await sweepOrphans();
      expect(existsSync(configFile)).toBe(false);
    } finally {
      owner.kill('SIGKILL');
      await model.close();
    }
  });

  it('no opencode survives its owner exiting on an uncaught exception', async () => {
    const model = await startScriptedModelServer({ script, modelId: 'local-model' });
    try {
      const output = await new Promise<string>((resolve) => {
        execFile(
          process.execPath,
          ownerProgram(model.baseUrl, "throw new Error('owner crashed');"),
          { cwd: packageRoot },
          (_error, stdout) => resolve(stdout),
        );
      });
      const match = ownerLine.exec(output);
      const pid = Number(match?.[1]);
      expect(pid).toBeGreaterThan(0);
      await eventually(() => !isAlive(pid), 5_000);
      // The owner's exit hook removed the private config on its way out.
      expect(match?.[2]).toMatch(/opencode\.json$/);
      expect(existsSync(match?.[2] ?? '')).toBe(false);
    } finally {
      await model.close();
    }
  });
});
