import { describe, expect, it } from 'vitest';
import { SimpleAgent } from '../agents/simple-agent.js';
import { simpleOptionsSchema } from '../agents/simple-options-schema.js';
import { InvalidOptionsError, RegistryError } from '../errors/run-errors.js';
import { EventBus } from '../events/event-bus.js';
import { ScriptedEngine } from '../test-support/scripted-engine.js';
import { AgentRegistry, agentRegistry } from './agent-registry.js';
import { registerSimpleAgent } from './register-simple-agent.js';

describe('simple agent registration', () => {
  it('importing core registers nothing', async () => {
    await import('../index.js');
    expect(agentRegistry.has('simple')).toBe(false);
  });

  it('registerSimpleAgent registers simple in the process-wide registry by default, idempotently', () => {
    try {
      expect(registerSimpleAgent()).toBe(agentRegistry);
      expect(() => registerSimpleAgent()).not.toThrow();
      expect(agentRegistry.keys()).toContain('simple');
    } finally {
      agentRegistry.unregister('simple');
    }
  });

  it('creates a SimpleAgent from config options', () => {
    const registry = registerSimpleAgent(new AgentRegistry());
    const engine = new ScriptedEngine();
    const bus = new EventBus();
    const agent = registry.create(
      'simple',
      { systemPrompt: 'be brief', temperature: 0.1, maxTokens: 99 },
      { engine, model: 'm', bus },
    );
    expect(agent).toBeInstanceOf(SimpleAgent);
    expect(agent).toMatchObject({
      engine,
      model: 'm',
      bus,
      systemPrompt: 'be brief',
      temperature: 0.1,
      maxTokens: 99,
    });
  });

  it('rejects options of the wrong type or an unknown option, naming each', () => {
    const registry = registerSimpleAgent(new AgentRegistry());
    let caught: unknown;
    try {
      registry.create(
        'simple',
        { systemPrompt: 42, temperature: 'hot', maxTokens: 1.5, unknown: true },
        { engine: undefined, model: 'm' },
      );
    } catch (error) {
      caught = error;
    }
    expect(InvalidOptionsError.isInstance(caught)).toBe(true);
    expect((caught as InvalidOptionsError).issues).toEqual([
      { path: ['systemPrompt'], message: 'expected a string, got a number' },
      { path: ['temperature'], message: 'expected a number, got a string' },
      { path: ['maxTokens'], message: 'expected an integer, got a fractional number' },
      { path: ['unknown'], message: 'unknown field' },
    ]);
  });

  it('checks ranges, accepts absent options, and says it needs an engine', () => {
    expect(simpleOptionsSchema.safeParse({ temperature: 3, maxTokens: 0 })).toEqual({
      success: false,
      error: {
        issues: [
          { path: ['temperature'], message: 'must be between 0 and 2' },
          { path: ['maxTokens'], message: 'must be positive' },
        ],
      },
    });
    expect(simpleOptionsSchema.safeParse([])).toMatchObject({ success: false });
    expect(simpleOptionsSchema.safeParse({ systemPrompt: undefined })).toEqual({
      success: true,
      data: {},
    });
    const registry = registerSimpleAgent(new AgentRegistry());
    expect(registry.engineRequirement('simple', { model: 'm', options: {} })).toBe(
      'a simple agent needs an engine: name one from "engines"',
    );
  });

  it('refuses to replace a different simple definition', () => {
    const registry = new AgentRegistry();
    registry.register('simple', {
      optionsSchema: simpleOptionsSchema,
      create: (_options, { engine, model }) => new SimpleAgent(engine, model),
    });
    let caught: unknown;
    try {
      registerSimpleAgent(registry);
    } catch (error) {
      caught = error;
    }
    expect(RegistryError.isInstance(caught)).toBe(true);
  });
});
