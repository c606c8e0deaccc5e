import { markerScript, reply, turnScript } from '@openjarvis/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsOf, eventually, isAlive, type Rig, startRig } from './test-support/harness.js';

// Bounds, not expectations: opencode can take tens of seconds to start on a busy 2-core machine.
const SLOW_START = 120_000;
const BOUND = { timeout: 300_000 };

const script = markerScript({
  '[[slow]]': turnScript([reply.text('slow answer', { delayMs: 10_000 })]),
  '[[fast]]': turnScript([reply.text('fast answer')]),
});

/** The pid of every server the agent starts, read while it is current. */
function serverPids(rig: Rig): number[] {
  const pids: number[] = [];
  rig.agent.events$.subscribe((event) => {
    if (event.type === 'agent_status' && event.data.status === 'server_ready') {
      void rig.agent.serverPid().then((pid) => {
        if (pid !== undefined) pids.push(pid);
      });
    }
  });
  return pids;
}

async function sessionStatus(rig: Rig, sessionId: string): Promise<number> {
  const address = await rig.agent.serverAddress();
  if (address === undefined) throw new Error('no server running');
  const response = await fetch(`http://${address.address}:${address.port}/session/${sessionId}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`opencode:${rig.password}`).toString('base64')}`,
    },
  });
  await response.body?.cancel();
  return response.status;
}

describe('OpenCodeAgent as a long-lived agent (real opencode, scripted model)', BOUND, () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('recycles the server between runs, never during one: concurrent runs across the boundary all succeed', async () => {
    rig = await startRig(script, {
      startupTimeoutMs: SLOW_START,
      recycle: { afterRuns: 2 },
    });
    const agent = rig.agent;
    const pids = serverPids(rig);
    // Two runs on the first server; the fast one leaves first and retires it while the slow one runs.
    const slow = agent.run('take your time [[slow]]');
    const fast = await agent.run('quick [[fast]]');
    expect(fast.metadata.error).toBeUndefined();
    const recycling = eventsOf(rig.events, 'agent_status').filter(
      (event) => event.data.status === 'server_recycling',
    );
    expect(recycling.map((event) => event.data.runId)).toEqual([fast.metadata.runId]);
    expect(recycling[0]?.data.message).toContain('2 runs');
    // Retired: offered to no new run, yet still up for the slow run.
    expect(await agent.serverPid()).toBeUndefined();
    expect(pids).toHaveLength(1);
    expect(isAlive(pids[0] ?? 0)).toBe(true);
    const third = agent.run('meanwhile [[fast]]');
    const [slowResult, thirdResult] = await Promise.all([slow, third]);
    expect(slowResult.metadata.error).toBeUndefined();
    expect(slowResult.content).toBe('slow answer');
    expect(thirdResult.metadata.error).toBeUndefined();
    expect(thirdResult.content).toBe('fast answer');
    // The third run started a second server; the first stops once the slow run has left it.
    expect(pids).toHaveLength(2);
    expect(await agent.serverPid()).toBe(pids[1]);
    await eventually(() => !isAlive(pids[0] ?? 0), 20_000);
    expect(isAlive(pids[1] ?? 0)).toBe(true);
    const after = await agent.run('still there? [[fast]]');
    expect(after.content).toBe('fast answer');
  });

  it('stops the retired server once its last run has left, and the agent keeps working', async () => {
    rig = await startRig(script, {
      startupTimeoutMs: SLOW_START,
      recycle: { afterRuns: 1 },
    });
    const pids = serverPids(rig);
    for (let i = 0; i < 3; i++) {
      const result = await rig.agent.run(`again ${i} [[fast]]`);
      expect(result.metadata.error).toBeUndefined();
      expect(result.content).toBe('fast answer');
    }
    expect(new Set(pids).size).toBe(3);
    for (const pid of pids) await eventually(() => !isAlive(pid), 20_000);
  });

  it("keeps each run's session by default, so it can be continued; keepSessions: false deletes it", async () => {
    rig = await startRig(script, {
      startupTimeoutMs: SLOW_START,
      recycle: false,
      keepSessions: false,
    });
    const result = await rig.agent.run('hello [[fast]]');
    const sessionId = String(result.metadata.sessionId);
    expect(sessionId).toMatch(/^ses_/);
    const current = rig;
    await eventually(async () => (await sessionStatus(current, sessionId)) === 404);
    await rig.close();

    rig = await startRig(script, { startupTimeoutMs: SLOW_START, recycle: false });
    const kept = await rig.agent.run('hello [[fast]]');
    expect(await sessionStatus(rig, String(kept.metadata.sessionId))).toBe(200);
  });
});
