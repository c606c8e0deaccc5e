import { describe, expect, it } from 'vitest';
import { SimpleAgent } from '../agents/simple-agent.js';
import { RegistryError } from '../errors/run-errors.js';
import { EventBus } from '../events/event-bus.js';
import { ScriptedEngine } from '../test-support/scripted-engine.js';
import { AgentRegistry, agentRegistry } from './agent-registry.js';
import { registerBuiltInAgents, registerSimpleAgent } from './built-in-agents.js';

describe('built-in agent registration', () => {
  it('importing core registers nothing', async () => {
    await import('../index.js');
    expect(agentRegistry.has('simple')).toBe(false);
  });

  it('registerSimpleAgent registers simple in the process-wide registry by default, idempotently', () => {
    try {
      expect(registerSimpleAgent()).toBe(agentRegistry);
      expect(() => registerSimpleAgent()).not.toThrow();
      expect(() => registerBuiltInAgents()).not.toThrow();
      expect(agentRegistry.keys()).toContain('simple');
    } finally {
      agentRegistry.unregister('simple');
    }
  });

  it('creates a SimpleAgent from config options', () => {
    const registry = registerSimpleAgent(new AgentRegistry());
    const engine = new ScriptedEngine();
    const bus = new EventBus();
    const agent = registry.create('simple', {
      engine,
      model: 'm',
      bus,
      options: { systemPrompt: 'be brief', temperature: 0.1, maxTokens: 99, unknown: true },
    });
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

  it('ignores options of the wrong type', () => {
    const registry = registerBuiltInAgents(new AgentRegistry());
    const agent = registry.create('simple', {
      engine: undefined,
      model: 'm',
      options: { systemPrompt: 42, temperature: 'hot' },
    });
    expect(agent).toMatchObject({ systemPrompt: undefined, temperature: 0.7, bus: undefined });
  });

  it('refuses to replace a different simple factory', () => {
    const registry = new AgentRegistry();
    registry.register('simple', ({ engine, model }) => new SimpleAgent(engine, model));
    let caught: unknown;
    try {
      registerSimpleAgent(registry);
    } catch (error) {
      caught = error;
    }
    expect(RegistryError.isInstance(caught)).toBe(true);
  });
});
