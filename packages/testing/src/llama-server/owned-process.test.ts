import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { spawnOwnedProcess, WATCHDOG_SCRIPT } from './owned-process.js';
import { livingProcessGroupMembers } from './process-group.js';

/** Polls (bounded) until the group has no living member; returns the members left. */
async function waitForGroupGone(pgid: number, boundMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + boundMs;
  let members = livingProcessGroupMembers(pgid);
  while (members.length > 0 && Date.now() < deadline) {
    await sleep(50);
    members = livingProcessGroupMembers(pgid);
  }
  return members;
}

describe('spawnOwnedProcess', { timeout: 30_000 }, () => {
  test('stop() ends the command and its watchdog; stop() again is a no-op', async () => {
    // `ready` is printed after exec, once the command's signal handling is its own.
    const owned = spawnOwnedProcess('sh', ['-c', 'echo ready; exec sleep 300']);
    for (let i = 0; i < 200 && !owned.logTail().includes('ready'); i += 1) await sleep(25);
    expect(livingProcessGroupMembers(owned.pid).length).toBe(3);
    await owned.stop();
    expect(owned.hasExited()).toBe(true);
    expect(await waitForGroupGone(owned.pid)).toEqual([]);
    await owned.stop();
  });

  test('a command that ignores SIGTERM is killed after the grace period', async () => {
    const owned = spawnOwnedProcess('sh', [
      '-c',
      'trap "" TERM; echo ready; while :; do sleep 1; done',
    ]);
    // Wait (bounded) for the trap to be in place before stopping.
    for (let i = 0; i < 200 && !owned.logTail().includes('ready'); i += 1) await sleep(25);
    await owned.stop(200);
    expect(await waitForGroupGone(owned.pid)).toEqual([]);
  });

  test('stop() right after spawn leaves nothing behind', async () => {
    const owned = spawnOwnedProcess('sleep', ['300']);
    // Short grace: a SIGTERM racing the fork/exec is lost and SIGKILL follows.
    await owned.stop(200);
    expect(await waitForGroupGone(owned.pid)).toEqual([]);
  });

  test('keeps the exit status and the log of a command that ends by itself', async () => {
    const owned = spawnOwnedProcess('sh', ['-c', 'echo out; echo err >&2; exit 3']);
    const exit = await owned.exited;
    expect(exit.code).toBe(3);
    expect(owned.logTail()).toContain('out');
    expect(owned.logTail()).toContain('err');
  });

  test('the command dies and its directory goes when its owner is SIGKILLed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'owned-process-test-'));
    // A separate Node process owns the watchdog, prints its pid, and is then killed hard.
    const ownerCode = `
      const { spawn } = require('node:child_process');
      const child = spawn('/bin/sh', ['-c', process.env.WATCHDOG, 'wd', process.env.DIR, 'sleep', '300'], {
        stdio: ['pipe', 'ignore', 'ignore'],
        detached: true,
      });
      console.log(child.pid);
      setInterval(() => {}, 1000);
    `;
    const owner = spawn(process.execPath, ['-e', ownerCode], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, WATCHDOG: WATCHDOG_SCRIPT, DIR: dir },
    });
    try {
      const pid = await new Promise<number>((resolvePid, reject) => {
        const timer = setTimeout(() => reject(new Error('owner printed no pid')), 10_000);
        owner.stdout.once('data', (chunk: Buffer) => {
          clearTimeout(timer);
          resolvePid(Number.parseInt(chunk.toString('utf8'), 10));
        });
      });
      // The watchdog, its stdin watcher and `sleep` (bounded wait for them to appear).
      for (let i = 0; i < 200 && livingProcessGroupMembers(pid).length < 3; i += 1) await sleep(25);
      expect(livingProcessGroupMembers(pid).length).toBe(3);

      owner.kill('SIGKILL');
      expect(await waitForGroupGone(pid)).toEqual([]);
      expect(existsSync(dir)).toBe(false);
    } finally {
      owner.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
