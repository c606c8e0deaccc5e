import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { eventually, isAlive, processesMatching } from '../test-support/harness.js';
import { isolationVariable, processIsolation } from './process-isolation.js';
import { launchServer } from './server-launch.js';

/** A scratch directory with a file in it, as the server's would be. */
function scratch(): string {
  const root = mkdtempSync(join(tmpdir(), 'oj-launch-test-'));
  writeFileSync(join(root, 'opencode.json'), '{}');
  return root;
}

/** A shell command standing in for opencode: a double-forked sleep and a foreground one. */
function sleeper(marker: string): { binary: string; args: string[] } {
  return { binary: 'sh', args: ['-c', `(sleep 60 ${marker} &); sleep 60 ${marker}`] };
}

// These run the supervisor at whatever level the machine allows ('namespace'
// here and in CI, as root); the owner-death tests cover it behind opencode.
describe('launchServer (real processes)', () => {
  it('runs here with a supervisor in its own PID namespace', () => {
    expect(processIsolation().level).toBe('namespace');
  });

  it("reports the command's own pid, working directory and output, and its exit status", async () => {
    const root = scratch();
    const output: string[] = [];
    const launch = launchServer({
      binary: 'sh',
      args: ['-c', 'echo "in $(pwd)"; echo oops >&2; kill -TERM $$'],
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '' },
      scratchRoot: root,
      onOutput: (chunk) => output.push(chunk.toString()),
    });
    expect(await launch.pid).toBeGreaterThan(1);
    expect(await launch.exited).toEqual({ code: undefined, signal: 'SIGTERM' });
    expect(output.join('')).toContain(`in ${tmpdir()}`);
    expect(output.join('')).toContain('oops');
    expect(existsSync(root)).toBe(false);
  });

  it('a command that cannot be spawned exits with neither code nor signal', async () => {
    const launch = launchServer({
      binary: '/nonexistent/opencode',
      args: [],
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '' },
      scratchRoot: scratch(),
      onOutput: () => {},
    });
    expect(await launch.exited).toEqual({ code: undefined, signal: undefined });
  });

  it('the supervisor ignores SIGINT, SIGTERM and SIGHUP; destroy() ends everything', async () => {
    const marker = `0.000${Math.floor(Math.random() * 1e9)}`;
    const root = scratch();
    const launch = launchServer({
      ...sleeper(marker),
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '' },
      scratchRoot: root,
      onOutput: () => {},
    });
    const pid = (await launch.pid) as number;
    await eventually(() => processesMatching(`sleep 60 ${marker}`).length >= 2, 30_000);
    const supervisor = parentOf(pid);
    expect(readFileSync(`/proc/${supervisor}/cmdline`, 'utf8')).toContain(root);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.kill(supervisor, signal);
    await sleep(500);
    expect(isAlive(supervisor) && isAlive(pid)).toBe(true);
    launch.destroy();
    await launch.exited;
    await eventually(() => processesMatching(marker).length === 0, 10_000);
  });

  // Without a namespace the supervisor can only walk the tree: the
  // double-forked sleep has left it (documented), the rest must go.
  it.each([
    ['namespace', 0],
    ['supervisor', 1],
  ] as const)(
    'when its owner is killed with SIGKILL (isolation %s), leaves %i double-forked sleep behind and removes the scratch directory',
    async (level, survivors) => {
      const marker = `0.000${Math.floor(Math.random() * 1e9)}`;
      const root = scratch();
      const launcher = new URL('../../dist/server/server-launch.js', import.meta.url).href;
      const owner = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `
        import { launchServer } from ${JSON.stringify(launcher)};
        const launch = launchServer({
          binary: 'sh',
          args: ['-c', ${JSON.stringify(`(sleep 60 ${marker} &); sleep 60 ${marker}`)}],
          cwd: '/',
          env: { PATH: process.env.PATH, ${isolationVariable}: ${JSON.stringify(level)} },
          scratchRoot: ${JSON.stringify(root)},
          onOutput: () => {},
        });
        console.log('PID ' + (await launch.pid));
        `,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let printed = '';
      owner.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
      });
      try {
        await eventually(() => /PID \d+/.test(printed), 30_000);
        const pid = Number(/PID (\d+)/.exec(printed)?.[1]);
        await eventually(() => processesMatching(`sleep 60 ${marker}`).length >= 2, 30_000);
        owner.kill('SIGKILL');
        await eventually(
          () =>
            processesMatching(marker).length === survivors && !isAlive(pid) && !existsSync(root),
          10_000,
        );
        // The one left is the double-forked one, not the command or its child.
        await sleep(300);
        expect(processesMatching(marker).length).toBe(survivors);
      } finally {
        owner.kill('SIGKILL');
        for (const leftover of processesMatching(marker)) process.kill(leftover, 'SIGKILL');
      }
    },
  );
});

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
