import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import { builtInRegistries } from './test-support/built-in-registries.js';
import { makeTempDir, type TempDir } from './test-support/temp-dir.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await dir.remove();
});

const valid = {
  engines: {
    local: { type: 'ollama', host: 'http://127.0.0.1:11434' },
    gpu: { type: 'vllm', host: 'http://10.0.0.2:8000', apiKeyEnv: 'VLLM_API_KEY' },
  },
  agents: {
    coder: {
      type: 'opencode',
      engine: 'local',
      model: 'qwen3:8b',
      options: { workspace: 'project', agent: 'build', timeoutMs: 120000 },
    },
    chat: {
      type: 'simple',
      engine: 'gpu',
      model: 'Qwen/Qwen3-8B',
      options: { systemPrompt: 'Be brief.' },
    },
    cloud: { type: 'opencode', model: 'anthropic/claude-sonnet-4-5' },
  },
  defaultAgent: 'coder',
};

async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!ConfigError.isInstance(error))
    throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('loadConfig', () => {
  it('reads a valid JSON config and resolves a relative workspace against its directory', async () => {
    const file = await dir.write('jarvis.config.json', JSON.stringify(valid, null, 2));
    const config = await loadConfig(file, builtInRegistries());
    expect(Object.keys(config.engines)).toEqual(['local', 'gpu']);
    expect(config.agents.coder?.options?.workspace).toBe(join(dir.path, 'project'));
    expect(config.agents.chat?.options).toEqual({ systemPrompt: 'Be brief.' });
    expect(config.agents.cloud?.engine).toBeUndefined();
    expect(config.defaultAgent).toBe('coder');
  });

  it('reads the same config from YAML', async () => {
    const file = await dir.write(
      'jarvis.config.yaml',
      [
        'engines:',
        '  local: { type: ollama, host: "http://127.0.0.1:11434" }',
        'agents:',
        '  coder:',
        '    type: opencode',
        '    engine: local',
        '    model: qwen3:8b',
        '    options: { workspace: /abs/ws, agent: plan }',
      ].join('\n'),
    );
    const config = await loadConfig(file, builtInRegistries());
    expect(config.agents.coder).toEqual({
      type: 'opencode',
      engine: 'local',
      model: 'qwen3:8b',
      options: { workspace: '/abs/ws', agent: 'plan' },
    });
  });

  it('fills in empty engines and agents', async () => {
    const file = await dir.write('jarvis.config.json', '{}');
    expect(await loadConfig(file)).toEqual({ engines: {}, agents: {} });
  });

  it('reports a missing file with its path', async () => {
    const missing = join(dir.path, 'nope.json');
    const error = await failure(loadConfig(missing));
    expect(error.source).toBe(missing);
    expect(error.message).toBe(`${missing}: config file not found`);
  });

  it('reports a JSON syntax error by line and column without quoting the text', async () => {
    const file = await dir.write(
      'jarvis.config.json',
      '{\n  "engines": {\n    "e": { "type": "vllm", "apiKey": "sk-very-secret" x }\n  }\n}\n',
    );
    const error = await failure(loadConfig(file));
    expect(error.message).toMatch(/not valid JSON: .* at line 3, column \d+$/);
    expect(error.message).not.toContain('sk-very-secret');
  });

  it('reports a YAML syntax error by line and column without quoting the text', async () => {
    const file = await dir.write(
      'jarvis.config.yml',
      'engines:\n  e: [apiKey, sk-very-secret\nagents: {}\n',
    );
    const error = await failure(loadConfig(file));
    expect(error.message).toMatch(/not valid YAML: .* at line \d+, column \d+$/);
    expect(error.message).not.toContain('sk-very-secret');
  });

  it('names the field of a value that has the wrong type, without echoing the value', async () => {
    const file = await dir.write(
      'jarvis.config.json',
      JSON.stringify({ engines: { local: { type: 'ollama', host: 11434, apiKey: 12345678 } } }),
    );
    const error = await failure(loadConfig(file));
    expect(error.issues).toEqual([
      { path: 'engines.local.host', message: 'expected a string, got a number' },
      { path: 'engines.local.apiKey', message: 'expected a string, got a number' },
    ]);
    expect(error.message).not.toContain('12345678');
    expect(error.message).toContain('2 problems');
  });
});
