import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';
import { makeWorkspace } from './test-support/workspace.js';

let dir: ReturnType<typeof makeWorkspace>;
beforeAll(() => {
  dir = makeWorkspace();
});
afterAll(() => dir.remove());

function writeConfig(name: string, config: unknown): string {
  const path = join(dir.path, name);
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

describe('jarvis with a bad config', () => {
  it('exits 2 and names the bad field', async () => {
    const path = writeConfig('bad-field.json', {
      engines: { local: { type: 'ollama', host: 11434 } },
      agents: { coder: { type: 'opencode', engine: 'local', model: 'm' } },
    });
    const { code, stdout, stderr } = await runCli(['run', 'task', '--config', path]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `config error: ${path}: engines.local.host: expected a string, got a number`,
    );
    expect(stdout).toBe('');
  });

  it('exits 2 for an unknown agent type, listing the registered ones', async () => {
    const path = writeConfig('unknown-type.json', {
      engines: { local: { type: 'ollama' } },
      agents: { coder: { type: 'foo', engine: 'local', model: 'm' } },
    });
    const { code, stderr } = await runCli(['run', 'task', '--config', path]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'agents.coder.type: unknown agent type "foo"; registered: opencode, simple',
    );
  });

  it('exits 2 for a file that is not JSON, giving the line', async () => {
    const path = writeConfig('syntax.json', '{\n  "agents": {,\n}');
    const { code, stderr } = await runCli(['run', 'task', '--config', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/not valid JSON: .* at line 2, column \d+/);
  });

  it('exits 2 for a missing config file', async () => {
    const { code, stderr } = await runCli(['run', 'task', '--config', join(dir.path, 'none.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain('config file not found');
  });

  it('reads ./jarvis.config.json when no --config is given', async () => {
    writeConfig('jarvis.config.json', { agents: { a: { type: 'simple', model: 'm' } } });
    const { code, stderr } = await runCli(['run', 'task'], { cwd: dir.path });
    expect(code).toBe(2);
    expect(stderr).toContain('agents.a.engine: a simple agent needs an engine');
  });

  it('exits 2 when --use names no agent of the config', async () => {
    const path = writeConfig('use.json', {
      engines: { e: { type: 'vllm' } },
      agents: { a: { type: 'simple', engine: 'e', model: 'm' } },
    });
    const { code, stderr } = await runCli(['run', 'task', '--config', path, '--use', 'b']);
    expect(code).toBe(2);
    expect(stderr).toContain('--use b: no agent of that name; the config defines a');
  });
});
