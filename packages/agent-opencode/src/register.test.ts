import { tmpdir } from 'node:os';
import { AgentRegistry, agentRegistry, EventBus, InvalidOptionsError } from '@openjarvis/core';
import { describe, expect, it } from 'vitest';
import { OpenCodeAgent } from './open-code-agent.js';
import { registerOpenCodeAgent } from './register.js';

describe('registerOpenCodeAgent', () => {
  it('registers nothing on import, and opencode in the process-wide registry when called, idempotently', () => {
    expect(agentRegistry.has('opencode')).toBe(false);
    try {
      expect(registerOpenCodeAgent()).toBe(agentRegistry);
      expect(() => registerOpenCodeAgent()).not.toThrow();
      expect(agentRegistry.keys()).toContain('opencode');
    } finally {
      agentRegistry.unregister('opencode');
    }
  });

  it('builds an OpenCodeAgent from checked options, without starting a server', async () => {
    const registry = registerOpenCodeAgent(new AgentRegistry());
    const bus = new EventBus();
    const agent = registry.create(
      'opencode',
      { agent: 'plan', providerBaseUrl: 'http://127.0.0.1:9/v1', workspace: tmpdir() },
      { engine: undefined, model: 'm', bus },
    );
    expect(agent).toBeInstanceOf(OpenCodeAgent);
    expect(agent).toMatchObject({ agentName: 'plan', bus, workspace: tmpdir(), model: 'm' });
    await agent.close();
  });

  it('rejects options the schema does not accept, naming each field', () => {
    const registry = registerOpenCodeAgent(new AgentRegistry());
    let caught: unknown;
    try {
      registry.create(
        'opencode',
        { agent: 'biuld', port: -1, onPermission: 'yes' },
        {
          engine: undefined,
          model: 'openai/gpt-5',
        },
      );
    } catch (error) {
      caught = error;
    }
    expect(InvalidOptionsError.isInstance(caught)).toBe(true);
    expect((caught as InvalidOptionsError).issues.map((issue) => issue.path)).toEqual([
      ['agent'],
      ['port'],
      [],
    ]);
  });

  it('needs an engine only when neither the model id nor the options name a provider', () => {
    const registry = registerOpenCodeAgent(new AgentRegistry());
    const requirement = (model: string, options: object = {}) =>
      registry.engineRequirement('opencode', { model, options });
    expect(requirement('anthropic/claude-sonnet-4-5')).toBeUndefined();
    expect(requirement('qwen3', { providerBaseUrl: 'http://127.0.0.1:9/v1' })).toBeUndefined();
    expect(requirement('qwen3')).toContain('"qwen3" has no provider');
  });
});
