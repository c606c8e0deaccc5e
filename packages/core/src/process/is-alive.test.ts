import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { answersSignalZero, isAlive } from './is-alive.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function start(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

/** The errno code `process.kill(pid, 0)` fails with, or 'ok'. */
function probe(pid: number): string {
  try {
    process.kill(pid, 0);
    return 'ok';
  } catch (error) {
    return String((error as NodeJS.ErrnoException).code);
  }
}

describe('isAlive', () => {
  it('is true for this process and a running child, false once the child has exited', async () => {
    expect(isAlive(process.pid)).toBe(true);
    const child = start('sleep', ['30']);
    const pid = child.pid ?? 0;
    expect(isAlive(pid)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isAlive(pid)).toBe(false);
  });

  it('is false for what is not a pid: 0 and -1 would probe process groups', () => {
    expect(probe(0)).toBe('ok');
    for (const pid of [0, -1, 1.5, Number.NaN]) expect(isAlive(pid)).toBe(false);
  });

  it('is false for a zombie, which signal 0 still reaches', async () => {
    // `sleep 0` exits at once; its parent has become `sleep 30`, which never reaps it.
    const parent = start('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30']);
    const [line] = (await once(parent.stdout ?? parent, 'data')) as [Buffer];
    const zombie = Number(line.toString().trim());
    const deadline = Date.now() + 10_000;
    while (!(await readFile(`/proc/${zombie}/stat`, 'utf8')).match(/\) Z /)) {
      if (Date.now() > deadline) throw new Error(`pid ${zombie} did not become a zombie`);
      await sleep(20);
    }
    expect(probe(zombie)).toBe('ok');
    expect(isAlive(zombie)).toBe(false);
  });

  it("is true on EPERM: another user's process exists", async () => {
    const target = process.pid;
    if (process.getuid?.() !== 0) {
      expect(probe(1)).toBe('EPERM');
      expect(isAlive(1)).toBe(true);
      expect(answersSignalZero(1)).toBe(true);
      return;
    }
    // As root every probe succeeds: run isAlive's own code as `nobody` against this process.
    const dir = await mkdtemp(join(tmpdir(), 'is-alive-'));
    try {
      await chmod(dir, 0o755); // mkdtemp's 0700 would keep `nobody` out
      const source = await readFile(new URL('./is-alive.ts', import.meta.url), 'utf8');
      const program = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const file = join(dir, 'probe.mjs');
      await writeFile(
        file,
        `${program}\nlet code = 'ok';\ntry { process.kill(${target}, 0); } catch (e) { code = e.code; }\nconsole.log(JSON.stringify({ code, alive: isAlive(${target}) }));\nconsole.log(JSON.stringify({ found: answersSignalZero(${target}) }));\n`,
        { mode: 0o644 },
      );
      const { stdout } = await promisify(execFile)(process.execPath, [file], {
        uid: 65534,
        gid: 65534,
        cwd: dir,
        timeout: 30_000,
      });
      const [first, second] = stdout.trim().split('\n');
      expect(JSON.parse(first ?? '')).toEqual({ code: 'EPERM', alive: true });
      expect(JSON.parse(second ?? '')).toEqual({ found: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answersSignalZero probes a process group by its negated id, until the group is gone', async () => {
    const leader = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    children.push(leader);
    const group = leader.pid ?? 0;
    expect(answersSignalZero(-group)).toBe(true);
    leader.kill('SIGKILL');
    await once(leader, 'exit');
    expect(answersSignalZero(-group)).toBe(false);
    expect(answersSignalZero(group)).toBe(false);
  });
});
