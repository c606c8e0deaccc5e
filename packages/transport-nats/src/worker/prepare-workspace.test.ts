import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetError } from '../errors.js';
import { prepareWorkspace } from './prepare-workspace.js';

let dir: string;
let bare: string;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
    cwd,
    stdio: 'pipe',
  });

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'jarvis-prepare-')));
  const source = join(dir, 'source');
  execFileSync('git', ['init', '-q', '-b', 'main', source]);
  writeFileSync(join(source, 'a.txt'), 'one\n');
  git(source, 'add', '.');
  git(source, 'commit', '-qm', 'one');
  git(source, 'tag', 'v1');
  writeFileSync(join(source, 'a.txt'), 'two\n');
  git(source, 'commit', '-qam', 'two');
  bare = join(dir, 'repo.git');
  execFileSync('git', ['clone', '-q', '--bare', source, bare]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (taskId: string) => ({
  cacheDir: join(dir, 'cache'),
  taskId,
  gitTimeoutMs: 60_000,
});

describe('prepareWorkspace (real git, a local bare repository)', () => {
  it('checks out a fresh worktree per task at the ref, and removes it on release', async () => {
    const head = await prepareWorkspace({ git: bare }, options('t1'));
    const tagged = await prepareWorkspace({ git: bare, ref: 'v1' }, options('t2'));
    expect(head.fresh).toBe(true);
    expect(head.dir).not.toBe(tagged.dir);
    expect(readFileSync(join(head.dir, 'a.txt'), 'utf8')).toBe('two\n');
    expect(readFileSync(join(tagged.dir, 'a.txt'), 'utf8')).toBe('one\n');
    await head.release();
    await tagged.release();
    expect(existsSync(head.dir)).toBe(false);
    expect(existsSync(tagged.dir)).toBe(false);
  });

  it('uses a path workspace as it is', async () => {
    const prepared = await prepareWorkspace(dir, options('t3'));
    expect(prepared).toMatchObject({ dir, fresh: false });
  });

  it.each([
    ['a missing directory', join(tmpdir(), 'jarvis-no-such-dir'), 'is not a directory'],
    ['a relative path', 'relative/dir', 'not an absolute path'],
    [
      'a repository that is not there',
      { git: join(tmpdir(), 'jarvis-no-such-repo.git') },
      'could not clone',
    ],
    ['an unknown ref', { git: '', ref: 'no-such-ref' }, 'could not check out no-such-ref'],
  ])('fails on %s with workspace_unavailable', async (_, workspace, message) => {
    const target =
      typeof workspace === 'object' && workspace.git === ''
        ? { ...workspace, git: bare }
        : workspace;
    const error = await prepareWorkspace(target, options('t4')).catch((caught: unknown) => caught);
    expect(FleetError.isInstance(error) && error.kind).toBe('workspace_unavailable');
    expect((error as Error).message).toContain(message);
  });
});
