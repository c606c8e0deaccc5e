import {
  AgentRegistry,
  type AgentResult,
  BaseAgent,
  EngineRegistry,
  EventBus,
  EventType,
  type InferenceEngine,
  type RunOptions,
} from '@openjarvis/core';
import { OpenAICompatibleEngine } from '@openjarvis/engine-openai-compatible';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { createFromConfig } from './create-from-config.js';
import type { JarvisConfigInput } from './schema/jarvis-config.js';
import { builtInRegistries } from './test-support/built-in-registries.js';

/** An agent type a third-party package might ship: it echoes its input. */
class EchoAgent extends BaseAgent {
  readonly agentId = 'echo';
  readonly prefix: string;

  constructor(engine: InferenceEngine | undefined, model: string, prefix: string, bus?: EventBus) {
    super(engine, model, bus === undefined ? {} : { bus });
    this.prefix = prefix;
  }

  override async run(
    input: string,
    _context?: unknown,
    options?: RunOptions,
  ): Promise<AgentResult> {
    const scope = this.beginRun(options);
    this.emitTurnStart(input, scope);
    const result: AgentResult = {
      content: `${this.prefix}${input}`,
      toolResults: [],
      turns: 1,
      metadata: {},
    };
    this.emitTurnEnd(scope, { turns: 1, result });
    return result;
  }
}

/** Registries with the types this project ships, as the CLI registers them. */
const freshRegistries = builtInRegistries;

/** The options of the echo type: an optional prefix. */
const echoOptions = z.strictObject({ prefix: z.string().optional() });

async function configError(config: JarvisConfigInput, options = {}): Promise<ConfigError> {
  const outcome = await createFromConfig(config, { ...freshRegistries(), ...options }).then(
    async (instances) => {
      await instances.close();
      return undefined;
    },
    (error: unknown) => error,
  );
  if (!ConfigError.isInstance(outcome))
    throw new Error(`expected a ConfigError, got ${String(outcome)}`);
  return outcome;
}

describe('createFromConfig', () => {
  it('builds every engine and agent by type, sharing engines and the bus', async () => {
    const bus = new EventBus();
    const instances = await createFromConfig(
      {
        engines: {
          local: { type: 'ollama', host: 'http://127.0.0.1:11434' },
          gpu: { type: 'vllm', host: 'http://127.0.0.1:8000' },
          cpp: { type: 'llamacpp' },
          gateway: {
            type: 'openai-compatible',
            host: 'http://127.0.0.1:4000/v1',
            apiKey: 'k-123456',
          },
        },
        agents: {
          coder: {
            type: 'opencode',
            engine: 'local',
            model: 'qwen3:8b',
            options: { agent: 'plan' },
          },
          chat: { type: 'simple', engine: 'gateway', model: 'gpt-x' },
        },
      },
      { bus, ...freshRegistries() },
    );
    try {
      expect([...instances.engines.keys()]).toEqual(['local', 'gpu', 'cpp', 'gateway']);
      expect(instances.engines.get('local')?.engineId).toBe('ollama');
      expect(instances.engines.get('gpu')?.engineId).toBe('vllm');
      expect(instances.engines.get('cpp')?.engineId).toBe('llamacpp');
      expect(instances.engines.get('gateway')?.openaiBaseUrl).toBe('http://127.0.0.1:4000/v1');
      expect(instances.engines.get('gateway')?.apiKey).toBe('k-123456');
      const coder = instances.agents.get('coder');
      expect(coder?.agentId).toBe('opencode');
      expect(coder?.engine).toBe(instances.engines.get('local'));
      expect(coder?.bus).toBe(bus);
      expect((coder as { agentName?: string } | undefined)?.agentName).toBe('plan');
      expect(instances.agents.get('chat')?.agentId).toBe('simple');
      expect(instances.agents.get('chat')?.model).toBe('gpt-x');
    } finally {
      await instances.close();
    }
  });

  it('reads an API key from the variable apiKeyEnv names', async () => {
    const instances = await createFromConfig(
      { engines: { gpu: { type: 'vllm', apiKeyEnv: 'TEST_VLLM_KEY' } } },
      { ...freshRegistries(), env: { TEST_VLLM_KEY: 'secret-from-env' } },
    );
    expect(instances.engines.get('gpu')?.apiKey).toBe('secret-from-env');
    await instances.close();
  });

  it('names an apiKeyEnv whose variable is not set', async () => {
    const error = await configError(
      { engines: { gpu: { type: 'vllm', apiKeyEnv: 'TEST_UNSET_KEY' } } },
      { env: {} },
    );
    expect(error.message).toBe(
      'engines.gpu.apiKeyEnv: environment variable TEST_UNSET_KEY is not set',
    );
  });

  it('names an unknown agent type and lists the registered ones', async () => {
    const error = await configError({
      engines: { local: { type: 'ollama' } },
      agents: { coder: { type: 'foo', engine: 'local', model: 'm' } },
    });
    expect(error.message).toBe(
      'agents.coder.type: unknown agent type "foo"; registered: opencode, simple',
    );
  });

  it('names an unknown engine type and lists the registered ones', async () => {
    const error = await configError({ engines: { fast: { type: 'tgi' } } });
    expect(error.message).toBe(
      'engines.fast.type: unknown engine type "tgi"; registered: llamacpp, ollama, openai-compatible, vllm',
    );
  });

  it('reports every unknown type at once, before building anything', async () => {
    const error = await configError({
      engines: { a: { type: 'x' }, b: { type: 'ollama' } },
      agents: { c: { type: 'y', model: 'm' } },
    });
    expect(error.issues.map((issue) => issue.path)).toEqual(['engines.a.type', 'agents.c.type']);
  });

  it('reports a field an engine factory rejects at that field', async () => {
    const noHost = await configError({ engines: { gw: { type: 'openai-compatible' } } });
    expect(noHost.issues[0]?.path).toBe('engines.gw.host');
    expect(noHost.message).toContain('needs a host');
    const badPolicy = await configError({
      engines: { cpp: { type: 'llamacpp', options: { toolsUnsupported: 'maybe' } } },
    });
    expect(badPolicy.issues[0]?.path).toBe('engines.cpp.options.toolsUnsupported');
    const badTimeout = await configError({
      engines: { o: { type: 'ollama', options: { probeTimeoutMs: 'soon' } } },
    });
    expect(badTimeout.issues[0]?.path).toBe('engines.o.options.probeTimeoutMs');
  });

  it('validates a config built in code as it validates a file', async () => {
    const error = await configError({
      agents: { a: { type: 'simple', model: 'm', engine: 'missing' } },
    });
    expect(error.message).toBe('agents.a.engine: no engine named "missing"; defined: (none)');
  });

  it('builds an agent type a third-party package registered, by name', async () => {
    const registries = freshRegistries();
    registries.agentRegistry.register('echo', {
      optionsSchema: echoOptions,
      create: ({ prefix }, { engine, model, bus }) =>
        new EchoAgent(engine, model, prefix ?? '', bus),
    });
    const bus = new EventBus();
    const ends: string[] = [];
    bus.subscribe(EventType.AGENT_TURN_END, (event) => ends.push(event.data.result.content));
    const instances = await createFromConfig(
      { agents: { parrot: { type: 'echo', model: 'none', options: { prefix: 'echo: ' } } } },
      { bus, ...registries },
    );
    const parrot = instances.agents.get('parrot');
    expect(parrot).toBeInstanceOf(EchoAgent);
    expect((await parrot?.run('hi'))?.content).toBe('echo: hi');
    expect(ends).toEqual(['echo: hi']);
    await instances.close();
  });

  it('closes what it built when a later factory throws, and reports the entry', async () => {
    const registries = { agentRegistry: new AgentRegistry(), engineRegistry: new EngineRegistry() };
    const closed: string[] = [];
    registries.engineRegistry.register('tracked', {
      optionsSchema: z.strictObject({}),
      create: () => {
        const engine = new OpenAICompatibleEngine({ host: 'http://127.0.0.1:9' });
        engine.close = async () => {
          closed.push('tracked');
        };
        return engine;
      },
    });
    registries.agentRegistry.register('broken', {
      optionsSchema: z.strictObject({}),
      create: () => {
        throw new Error('broken agents cannot be built');
      },
    });
    const outcome = await createFromConfig(
      {
        engines: { t: { type: 'tracked' } },
        agents: { b: { type: 'broken', engine: 't', model: 'm' } },
      },
      registries,
    ).catch((error: unknown) => error);
    expect(ConfigError.isInstance(outcome)).toBe(true);
    expect((outcome as ConfigError).message).toBe('agents.b: broken agents cannot be built');
    expect(closed).toEqual(['tracked']);
  });

  it('publishes to the process-wide bus when no bus is given', async () => {
    const { getEventBus } = await import('@openjarvis/core');
    const registries = freshRegistries();
    registries.agentRegistry.register('echo', {
      optionsSchema: echoOptions,
      create: (_options, { engine, model, bus }) => new EchoAgent(engine, model, '', bus),
    });
    const instances = await createFromConfig(
      { agents: { e: { type: 'echo', model: 'm' } } },
      registries,
    );
    expect(instances.agents.get('e')?.bus).toBe(getEventBus());
    await instances.close();
  });
});
