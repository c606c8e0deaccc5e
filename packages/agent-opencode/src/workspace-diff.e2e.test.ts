import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { WorkspaceDiff } from '@openjarvis/core';
import { markerScript, reply, turnScript } from '@openjarvis/testing';
import { describe, expect, it } from 'vitest';
import { eventsOf, startRig, tempWorkspace } from './test-support/harness.js';

// A real opencode run (scripted model) that writes a new file, edits one,
// deletes one with bash and creates one with bash: the run's diff lists
// exactly those four, whatever was in the workspace before.
const script = markerScript({
  '[[slow-write]]': turnScript([
    (request) =>
      reply.toolCall(
        'write',
        { filePath: `${/name=(\w+)/.exec(request.userText)?.[1] ?? 'x'}.txt`, content: 'x\n' },
        { delayMs: 1_500 },
      ),
    reply.text('Wrote it.'),
  ]),
  '[[four]]': turnScript([
    reply.toolCall('write', {
      filePath: 'src/new.ts',
      content: 'export const a = 1;\nexport const b = 2;\n',
    }),
    reply.toolCall('read', { filePath: 'edit-me.txt' }),
    reply.toolCall('edit', {
      filePath: 'edit-me.txt',
      oldString: 'beta',
      newString: 'BETA\ngamma',
    }),
    reply.toolCall('bash', { command: 'rm delete-me.txt', description: 'Delete a file' }),
    reply.toolCall('bash', {
      command: "printf 'made by bash\\n' > by-bash.txt",
      description: 'Create a file',
    }),
    reply.text('Done: four changes.'),
  ]),
});

/** Every path below `root`, `.git` included, with size and mtime. */
function listing(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const stat = statSync(path);
      out.set(relative(root, path), `${stat.size} ${stat.mtimeMs}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(root);
  return out;
}

function seed(ws: string): void {
  writeFileSync(join(ws, 'edit-me.txt'), 'alpha\nbeta\n');
  writeFileSync(join(ws, 'delete-me.txt'), 'one\ntwo\nthree\n');
}

async function runFour(ws: string): Promise<{ diff: WorkspaceDiff; before: Map<string, string> }> {
  const rig = await startRig(script, { workspace: ws });
  try {
    const before = listing(ws);
    const result = await rig.agent.run('Make four changes [[four]]');
    expect(result.metadata.error).toBeUndefined();
    const diff = result.metadata.diff as WorkspaceDiff;
    // Published just before the turn's end, equal to the result's.
    const run = rig.events.filter(
      (e) => (e.data as { runId?: string }).runId === result.metadata.runId,
    );
    const types = run.map((e) => e.type);
    expect(types.slice(-2)).toEqual(['workspace_diff', 'agent_turn_end']);
    expect(eventsOf(run, 'workspace_diff')[0]?.data.diff).toEqual(diff);
    return { diff, before };
  } finally {
    await rig.close();
  }
}

function expectFour(diff: WorkspaceDiff): void {
  expect(diff.files.map((f) => [f.path, f.status, f.additions, f.deletions])).toEqual([
    ['by-bash.txt', 'added', 1, 0],
    ['delete-me.txt', 'deleted', 0, 3],
    ['edit-me.txt', 'modified', 2, 1],
    ['src/new.ts', 'added', 2, 0],
  ]);
  expect(diff.files[2]?.patch).toContain('-beta\n+BETA\n+gamma\n');
  expect(diff.totals).toEqual({ files: 4, additions: 5, deletions: 4 });
  expect(diff).toMatchObject({ truncated: false, shared: false });
}

/**
 * Only the four changed paths (and the new `src/`) differ between the listings.
 * `extra`: what opencode itself writes (not this package): in a git repository
 * it caches its project id in `.git/opencode`.
 */
function expectOnlyTheModelsChanges(
  before: Map<string, string>,
  after: Map<string, string>,
  extra: string[] = [],
) {
  const changed = new Set<string>();
  for (const [path, stamp] of after) if (before.get(path) !== stamp) changed.add(path);
  for (const path of before.keys()) if (!after.has(path)) changed.add(path);
  expect([...changed].sort()).toEqual([
    ...extra,
    'by-bash.txt',
    'delete-me.txt',
    'edit-me.txt',
    'src',
    'src/new.ts',
  ]);
}

describe('the workspace diff of a real opencode run', () => {
  it('in a plain directory: all four changes, no .git created, nothing else written', async () => {
    const ws = tempWorkspace();
    try {
      seed(ws);
      const { diff, before } = await runFour(ws);
      expectFour(diff);
      expectOnlyTheModelsChanges(before, listing(ws));
      expect(readdirSync(ws)).not.toContain('.git');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('in a git repository with uncommitted changes: only the run’s own, the repository untouched', async () => {
    const ws = tempWorkspace();
    try {
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
          cwd: ws,
          encoding: 'utf8',
        });
      seed(ws);
      writeFileSync(join(ws, 'dirty.txt'), 'committed\n');
      writeFileSync(join(ws, '.gitignore'), '*.log\n');
      git('init', '-q');
      git('add', '-A');
      git('commit', '-q', '-m', 'init');
      writeFileSync(join(ws, 'dirty.txt'), 'changed before the run\n');
      writeFileSync(join(ws, 'untracked.txt'), 'here before the run\n');
      writeFileSync(join(ws, 'old.log'), 'ignored\n');
      const index = readFileSync(join(ws, '.git', 'index'));

      const { diff, before } = await runFour(ws);
      expectFour(diff);
      const after = listing(ws);
      expectOnlyTheModelsChanges(before, after, ['.git', '.git/opencode']);
      expect([...after.keys()].filter((p) => p.endsWith('.lock'))).toEqual([]);
      expect(readFileSync(join(ws, '.git', 'index'))).toEqual(index);
      expect(git('status', '--porcelain')).toBe(
        [
          ' D delete-me.txt',
          ' M dirty.txt',
          ' M edit-me.txt',
          '?? by-bash.txt',
          '?? src/',
          '?? untracked.txt',
          '',
        ].join('\n'),
      );
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe('concurrent runs on one workspace', () => {
  it('each gets its diff marked shared: true; a run alone afterwards is not shared', async () => {
    const rig = await startRig(script);
    try {
      const [a, b] = await Promise.all([
        rig.agent.run('name=first [[slow-write]]'),
        rig.agent.run('name=second [[slow-write]]'),
      ]);
      const diffA = a.metadata.diff as WorkspaceDiff;
      const diffB = b.metadata.diff as WorkspaceDiff;
      expect([diffA.shared, diffB.shared]).toEqual([true, true]);
      // Each lists its own file, and may list the other's: that is what shared says.
      expect(diffA.files.map((f) => f.path)).toContain('first.txt');
      expect(diffB.files.map((f) => f.path)).toContain('second.txt');
      const alone = await rig.agent.run('name=third [[slow-write]]');
      expect(alone.metadata.diff).toMatchObject({
        shared: false,
        files: [expect.objectContaining({ path: 'third.txt', status: 'added' })],
      });
    } finally {
      await rig.close();
    }
    // Three runs and a server start, on a machine that may be busy.
  }, 180_000);
});
