import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  demoScript,
  reply,
  runNodeProgram,
  type ScriptedModelServer,
  startScriptedModelServer,
} from '@openjarvis/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const program = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const exampleConfig = fileURLToPath(new URL('../jarvis.config.json', import.meta.url));
let standIn: ScriptedModelServer;

beforeAll(async () => {
  standIn = await startScriptedModelServer({
    // opencode sends tools and gets the demo's tool calls; the simple agent sends none.
    script: (request) =>
      request.body.tools === undefined && !request.isTitleRequest
        ? reply.text('Hello from the simple agent.')
        : demoScript(request),
  });
});
afterAll(async () => {
  await standIn.close();
});

const env = () => ({ JARVIS_ENGINE_URL: standIn.url });

it('runs the opencode and the simple agent of the config through the same subscriber', async () => {
  const { code, stdout, stderr } = await runNodeProgram(program, { env: env() });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const lines = stdout.trimEnd().split('\n');
  expect(lines[0]).toBe('--- coder (type opencode)');
  expect(lines.slice(1, 4)).toEqual([
    '[opencode] turn started: Create hello.txt with a short greeting, then count its bytes with wc -c.',
    '[opencode] tool write ok',
    '[opencode] tool bash ok',
  ]);
  expect(lines[4]).toMatch(
    /^\[opencode\] turn ok, 360 tokens: I wrote hello\.txt with the write tool/,
  );
  expect(lines.slice(5)).toEqual([
    '--- chat (type simple)',
    '[simple] turn started: Create hello.txt with a short greeting, then count its bytes with wc -c.',
    '[simple] turn ok, 120 tokens: Hello from the simple agent.',
  ]);
});

it('swaps an agent by editing "type" in the config, with no code change', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'jarvis-swap-test-'));
  try {
    const config = JSON.parse(await readFile(exampleConfig, 'utf8')) as {
      agents: Record<string, { type: string; options?: Record<string, unknown> }>;
    };
    const coder = config.agents.coder;
    if (coder === undefined) throw new Error('the example config has no coder agent');
    coder.type = 'simple';
    coder.options = {};
    const edited = join(dir, 'jarvis.config.json');
    await writeFile(edited, JSON.stringify(config));
    const { code, stdout } = await runNodeProgram(program, { args: [edited], env: env() });
    expect(code).toBe(0);
    expect(stdout).toContain('--- coder (type simple)\n[simple] turn started: ');
    expect(stdout).not.toContain('[opencode]');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it('exits non-zero with the field named when the config names an unknown type', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'jarvis-swap-test-'));
  try {
    const bad = join(dir, 'jarvis.config.json');
    await writeFile(bad, JSON.stringify({ agents: { coder: { type: 'nope', model: 'm' } } }));
    const { code, stderr } = await runNodeProgram(program, { args: [bad], env: env() });
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      'agents.coder.type: unknown agent type "nope"; registered: opencode, simple',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
