import { describe, expect, it } from 'vitest';
import { RegistryError } from '../errors/run-errors.js';
import { ScriptedEngine } from '../test-support/scripted-engine.js';
import { AgentRegistry, agentRegistry, EngineRegistry, engineRegistry } from './agent-registry.js';
import { Registry } from './registry.js';

describe('Registry', () => {
  it('registers, creates with the options, and reports what it has', () => {
    const registry = new Registry<{ n: number }, string>('thing');
    expect(registry.register('b', ({ n }) => `b${n}`)).toBe(registry);
    registry.register('a', ({ n }) => `a${n}`);
    expect(registry.create('a', { n: 1 })).toBe('a1');
    expect(registry.create('b', { n: 2 })).toBe('b2');
    expect(registry.has('a')).toBe(true);
    expect(registry.has('c')).toBe(false);
    expect(registry.keys()).toEqual(['a', 'b']);
  });

  it('calls the factory on every create', () => {
    const registry = new Registry<void, object>('thing');
    registry.register('fresh', () => ({}));
    expect(registry.create('fresh', undefined)).not.toBe(registry.create('fresh', undefined));
  });

  it('rejects a duplicate key with a RegistryError and keeps the first factory', () => {
    const registry = new Registry<void, string>('engine type');
    registry.register('ollama', () => 'first');
    let caught: unknown;
    try {
      registry.register('ollama', () => 'second');
    } catch (error) {
      caught = error;
    }
    expect(RegistryError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({
      key: 'ollama',
      message: 'engine type "ollama" is already registered',
    });
    expect(registry.create('ollama', undefined)).toBe('first');
  });

  it('names the known keys when asked for an unknown one', () => {
    const registry = new Registry<void, string>('agent type');
    expect(() => registry.create('x', undefined)).toThrow(
      'unknown agent type "x"; registered: (none)',
    );
    registry.register('simple', () => 's').register('opencode', () => 'o');
    let caught: unknown;
    try {
      registry.create('opencod', undefined);
    } catch (error) {
      caught = error;
    }
    expect(RegistryError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({
      key: 'opencod',
      message: 'unknown agent type "opencod"; registered: opencode, simple',
    });
  });

  it('unregister removes a key so that it can be registered again', () => {
    const registry = new Registry<void, string>('thing');
    registry.register('k', () => 'old');
    expect(registry.unregister('k')).toBe(true);
    expect(registry.unregister('k')).toBe(false);
    expect(registry.has('k')).toBe(false);
    registry.register('k', () => 'new');
    expect(registry.create('k', undefined)).toBe('new');
  });

  it('get returns the registered factory, or undefined', () => {
    const registry = new Registry<void, string>('thing');
    const factory = () => 'value';
    registry.register('k', factory);
    expect(registry.get('k')).toBe(factory);
    expect(registry.get('missing')).toBeUndefined();
  });
});

describe('agent and engine registries', () => {
  it('are process-wide instances of their classes', () => {
    expect(agentRegistry).toBeInstanceOf(AgentRegistry);
    expect(engineRegistry).toBeInstanceOf(EngineRegistry);
  });

  it('name their kind in errors', () => {
    expect(() => new EngineRegistry().create('nope', {})).toThrow('unknown engine type "nope"');
    expect(() =>
      new AgentRegistry().create('nope', { engine: undefined, model: 'm', options: {} }),
    ).toThrow('unknown agent type "nope"');
  });

  it('an engine registry creates engines from config options', () => {
    const registry = new EngineRegistry();
    registry.register('scripted', (options) => new ScriptedEngine({ host: String(options.host) }));
    const engine = registry.create('scripted', { host: 'http://h:1' });
    expect(engine.engineId).toBe('scripted');
    expect(engine.host).toBe('http://h:1');
  });
});
