import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScriptedModelServer } from '@openjarvis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';
import { startStandIn } from './test-support/stand-in.js';
import { makeWorkspace } from './test-support/workspace.js';

let model: ScriptedModelServer;
let dir: ReturnType<typeof makeWorkspace>;
beforeAll(async () => {
  model = await startStandIn();
  dir = makeWorkspace();
});
afterAll(async () => {
  await model.close();
  dir.remove();
});

interface EngineLine {
  name: string;
  type: string;
  host: string;
  source: string;
  state: string;
  models: Array<{ id: string }>;
}

describe('jarvis engines', () => {
  it("probes the default ports and the config's engines, one JSON line each", async () => {
    writeFileSync(
      join(dir.path, 'jarvis.config.json'),
      JSON.stringify({ engines: { standin: { type: 'openai-compatible', host: model.url } } }),
    );
    const { code, stdout } = await runCli(['engines', '--json'], { cwd: dir.path });
    expect(code).toBe(0);
    const engines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as EngineLine);
    expect(engines.map((engine) => [engine.name, engine.type, engine.host, engine.source])).toEqual(
      [
        ['ollama', 'ollama', 'http://127.0.0.1:11434', 'default port'],
        ['vllm', 'vllm', 'http://127.0.0.1:8000', 'default port'],
        ['llamacpp', 'llamacpp', 'http://127.0.0.1:8080', 'default port'],
        ['standin', 'openai-compatible', model.url, 'config'],
      ],
    );
    const standin = engines.at(-1);
    expect(standin?.state).toBe('ok');
    expect(standin?.models.map((entry) => entry.id)).toEqual(['stand-in']);
  });

  it('shows an --engine URL with its models in the table', async () => {
    const { code, stdout } = await runCli(['engines', '--engine', model.url]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `--engine\\s+${model.url.replace(/[.]/g, '\\.')}\\s+ok\\s+\\(--engine\\)\\n\\s+stand-in {2}context unknown\\n`,
      ),
    );
  });
});
