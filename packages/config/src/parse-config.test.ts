import { AgentRegistry, EngineRegistry } from '@openjarvis/core';
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { parseConfig } from './parse-config.js';
import { builtInRegistries } from './test-support/built-in-registries.js';

/** Parses with the types this project ships registered, as the CLI does. */
const registries = builtInRegistries();
const parse = (value: unknown) => parseConfig(value, registries);

function issuesOf(value: unknown): readonly ConfigIssue[] {
  try {
    parse(value);
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const engines = { local: { type: 'ollama' } };

describe('parseConfig', () => {
  it('accepts a minimal config and fills in defaults', () => {
    expect(
      parse({ engines, agents: { a: { type: 'simple', engine: 'local', model: 'm' } } }),
    ).toEqual({ engines, agents: { a: { type: 'simple', engine: 'local', model: 'm' } } });
  });

  it('rejects a config that is not an object', () => {
    expect(issuesOf([])).toEqual([{ path: '', message: 'expected an object, got an array' }]);
  });

  it('names unknown fields at any depth', () => {
    expect(
      issuesOf({
        engins: {},
        engines: { local: { type: 'ollama', hots: 'x' } },
        agents: { a: { type: 'opencode', engine: 'local', model: 'm', modle: 'n' } },
      }),
    ).toEqual([
      { path: 'engines.local.hots', message: 'unknown field' },
      { path: 'agents.a.modle', message: 'unknown field' },
      { path: 'engins', message: 'unknown field' },
    ]);
  });

  it('names a missing required field', () => {
    expect(issuesOf({ agents: { a: { type: 'simple' } } })).toEqual([
      { path: 'agents.a.model', message: 'required (a string)' },
    ]);
  });

  it('checks the options of an opencode agent', () => {
    expect(
      issuesOf({
        engines,
        agents: {
          coder: {
            type: 'opencode',
            engine: 'local',
            model: 'm',
            options: {
              agent: 'biuld',
              port: 70_000,
              timeoutMs: 1.5,
              permission: { bash: 'sometimes' },
              x: 1,
            },
          },
        },
      }),
    ).toEqual([
      {
        path: 'agents.coder.options.agent',
        message: 'expected one of "build", "plan", got "biuld"',
      },
      {
        path: 'agents.coder.options.permission',
        message: 'does not match any of the accepted forms',
      },
      { path: 'agents.coder.options.port', message: 'too big: expected number to be <=65535' },
      {
        path: 'agents.coder.options.timeoutMs',
        message: 'expected an integer, got a fractional number',
      },
      { path: 'agents.coder.options.x', message: 'unknown field' },
    ]);
  });

  it('accepts the opencode session and diff options, and checks them', () => {
    const coder = (options: Record<string, unknown>) => ({
      engines,
      agents: { coder: { type: 'opencode', engine: 'local', model: 'm', options } },
    });
    expect(() =>
      parse(
        coder({
          models: ['m-large'],
          agents: { reviewer: { prompt: 'Review.', permission: { edit: 'deny' } } },
          diff: { maxPatchBytes: 100_000 },
        }),
      ),
    ).not.toThrow();
    expect(() => parse(coder({ diff: false }))).not.toThrow();
    expect(issuesOf(coder({ diff: true, agents: { r: { promt: 'x' } } }))).toEqual([
      { path: 'agents.coder.options.agents.r.promt', message: 'unknown field' },
      { path: 'agents.coder.options.diff', message: 'does not match any of the accepted forms' },
    ]);
  });

  it('checks the options of a simple agent', () => {
    expect(
      issuesOf({
        engines,
        agents: {
          a: { type: 'simple', engine: 'local', model: 'm', options: { systemPrompt: 3 } },
        },
      }),
    ).toEqual([
      { path: 'agents.a.options.systemPrompt', message: 'expected a string, got a number' },
    ]);
  });

  it("checks an engine's options by its type's schema, host and apiKey where the file has them", () => {
    expect(
      issuesOf({
        engines: {
          o: {
            type: 'ollama',
            host: 'http://127.0.0.1:11434',
            options: { numCtx: '8k', nmCtx: 1 },
          },
          cpp: { type: 'llamacpp', options: { toolsUnsupported: 'maybe' } },
        },
      }),
    ).toEqual([
      { path: 'engines.o.options.numCtx', message: 'expected a number, got a string' },
      { path: 'engines.o.options.nmCtx', message: 'unknown field' },
      {
        path: 'engines.cpp.options.toolsUnsupported',
        message: 'expected one of "error", "warn", got "maybe"',
      },
    ]);
    expect(
      issuesOf({ engines: { o: { type: 'ollama', options: { host: 1, apiKey: 2 } } } }),
    ).toEqual([
      { path: 'engines.o.host', message: 'expected a string, got a number' },
      { path: 'engines.o.apiKey', message: 'expected a string, got a number' },
    ]);
  });

  it('checks options only by the types the given registries have', () => {
    const bad = {
      engines: { o: { type: 'ollama', options: { numCtx: '8k' } } },
      agents: { a: { type: 'simple', model: 'm', options: { systemPrompt: 3 } } },
    };
    const none = { agentRegistry: new AgentRegistry(), engineRegistry: new EngineRegistry() };
    expect(parseConfig(bad, none).agents.a?.options).toEqual({ systemPrompt: 3 });
    expect(issuesOf(bad).map((issue) => issue.path)).toEqual([
      'engines.o.options.numCtx',
      'agents.a.options.systemPrompt',
    ]);
  });

  it('leaves the options of other agent types to their factory', () => {
    const config = parse({
      agents: { a: { type: 'mine', model: 'm', options: { any: [1] } } },
    });
    expect(config.agents.a?.options).toEqual({ any: [1] });
  });

  it('rejects a reference to an engine that is not defined', () => {
    expect(
      issuesOf({ engines, agents: { a: { type: 'simple', engine: 'remote', model: 'm' } } }),
    ).toEqual([{ path: 'agents.a.engine', message: 'no engine named "remote"; defined: local' }]);
  });

  it('requires an engine for a simple agent', () => {
    expect(issuesOf({ agents: { a: { type: 'simple', model: 'm' } } })).toEqual([
      {
        path: 'agents.a.engine',
        message: 'a simple agent needs an engine: name one from "engines"',
      },
    ]);
  });

  it('lets an opencode agent go without an engine only with a provider/model id or a base URL', () => {
    expect(() =>
      parse({ agents: { a: { type: 'opencode', model: 'openai/gpt-5' } } }),
    ).not.toThrow();
    expect(() =>
      parse({
        agents: {
          a: {
            type: 'opencode',
            model: 'm',
            options: { providerBaseUrl: 'http://127.0.0.1:9/v1' },
          },
        },
      }),
    ).not.toThrow();
    const [issue] = issuesOf({ agents: { a: { type: 'opencode', model: 'qwen3' } } });
    expect(issue?.path).toBe('agents.a.engine');
    expect(issue?.message).toContain('"provider/model"');
  });

  it('rejects a defaultAgent that names no agent', () => {
    expect(issuesOf({ agents: {}, defaultAgent: 'coder' })).toEqual([
      { path: 'defaultAgent', message: 'no agent named "coder"; defined: (none)' },
    ]);
  });

  it('rejects entry names that cannot be typed on a command line', () => {
    const [issue] = issuesOf({ engines: { 'my engine': { type: 'ollama' } } });
    expect(issue?.path).toBe('engines["my engine"]');
    expect(issue?.message).toContain('names are letters');
  });

  it('rejects an apiKeyEnv that is not a variable name', () => {
    expect(issuesOf({ engines: { e: { type: 'vllm', apiKeyEnv: 'not a var' } } })).toEqual([
      {
        path: 'engines.e.apiKeyEnv',
        message: 'must be an environment variable name, e.g. VLLM_API_KEY',
      },
    ]);
  });
});
