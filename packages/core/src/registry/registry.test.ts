import { describe, expect, expectTypeOf, it } from 'vitest';
import { SimpleAgent } from '../agents/simple-agent.js';
import { InvalidOptionsError, RegistryError } from '../errors/run-errors.js';
import { ScriptedEngine } from '../test-support/scripted-engine.js';
import { AgentRegistry, agentRegistry } from './agent-registry.js';
import { EngineRegistry, engineRegistry } from './engine-registry.js';
import type { OptionsSchema } from './options-schema.js';
import { Registry, type TypeDefinition } from './registry.js';

/** Options `{ n: number }`, checked by hand (core has no validation library). */
const numbered: OptionsSchema<{ n: number }> = {
  safeParse: (value) =>
    typeof value === 'object' && value !== null && 'n' in value && typeof value.n === 'number'
      ? { success: true, data: { n: value.n } }
      : { success: false, error: { issues: [{ path: ['n'], message: 'expected a number' }] } },
};
const none: OptionsSchema<undefined> = { safeParse: () => ({ success: true, data: undefined }) };

function product(value: string): TypeDefinition<undefined, void, string> {
  return { optionsSchema: none, create: () => value };
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('Registry', () => {
  it('registers, creates with the checked options and the context, and reports what it has', () => {
    const registry = new Registry<string, string>('thing');
    expect(
      registry.register('b', { optionsSchema: numbered, create: ({ n }, c) => `b${n}${c}` }),
    ).toBe(registry);
    registry.register('a', { optionsSchema: numbered, create: ({ n }, c) => `a${n}${c}` });
    expect(registry.create('a', { n: 1 }, '!')).toBe('a1!');
    expect(registry.create('b', { n: 2 }, '?')).toBe('b2?');
    expect(registry.has('a')).toBe(true);
    expect(registry.has('c')).toBe(false);
    expect(registry.keys()).toEqual(['a', 'b']);
  });

  it('calls create on every create', () => {
    const registry = new Registry<void, object>('thing');
    registry.register('fresh', { optionsSchema: none, create: () => ({}) });
    expect(registry.create('fresh', undefined)).not.toBe(registry.create('fresh', undefined));
  });

  it('rejects options its schema rejects, naming the field, without calling create', () => {
    const registry = new Registry<void, string>('engine type');
    let created = 0;
    registry.register('counted', {
      optionsSchema: numbered,
      create: () => {
        created += 1;
        return 'made';
      },
    });
    const error = thrownBy(() => registry.create('counted', { n: 'one' }));
    expect(InvalidOptionsError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      key: 'counted',
      issues: [{ path: ['n'], message: 'expected a number' }],
      message: 'invalid options for engine type "counted": n: expected a number',
    });
    expect(created).toBe(0);
    expect(registry.checkOptions('counted', { n: 'one' })).toEqual([
      { path: ['n'], message: 'expected a number' },
    ]);
    expect(registry.checkOptions('counted', { n: 1 })).toEqual([]);
  });

  it('registering the same definition again is a no-op', () => {
    const registry = new Registry<void, string>('thing');
    const definition = product('first');
    registry.register('k', definition);
    expect(() => registry.register('k', definition)).not.toThrow();
    expect(registry.keys()).toEqual(['k']);
  });

  it('rejects a different definition under a taken key with a RegistryError and keeps the first', () => {
    const registry = new Registry<void, string>('engine type');
    registry.register('ollama', product('first'));
    const caught = thrownBy(() => registry.register('ollama', product('second')));
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
    registry.register('simple', product('s')).register('opencode', product('o'));
    const caught = thrownBy(() => registry.create('opencod', undefined));
    expect(RegistryError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({
      key: 'opencod',
      message: 'unknown agent type "opencod"; registered: opencode, simple',
    });
    expect(() => registry.checkOptions('opencod', {})).toThrow('unknown agent type "opencod"');
  });

  it('unregister removes a key so that it can be registered again', () => {
    const registry = new Registry<void, string>('thing');
    registry.register('k', product('old'));
    expect(registry.unregister('k')).toBe(true);
    expect(registry.unregister('k')).toBe(false);
    expect(registry.has('k')).toBe(false);
    registry.register('k', product('new'));
    expect(registry.create('k', undefined)).toBe('new');
  });
});

describe('agent and engine registries', () => {
  it('are process-wide instances of their classes', () => {
    expect(agentRegistry).toBeInstanceOf(AgentRegistry);
    expect(engineRegistry).toBeInstanceOf(EngineRegistry);
  });

  it('name their kind in errors', () => {
    expect(() => new EngineRegistry().create('nope', {})).toThrow('unknown engine type "nope"');
    expect(() => new AgentRegistry().create('nope', {}, { engine: undefined, model: 'm' })).toThrow(
      'unknown agent type "nope"',
    );
  });

  it('an engine registry creates engines from config options, typed by the schema', () => {
    const registry = new EngineRegistry();
    const hosted: OptionsSchema<{ host: string }> = {
      safeParse: (value) =>
        typeof value === 'object' && value !== null && 'host' in value
          ? { success: true, data: { host: String(value.host) } }
          : { success: false, error: { issues: [{ path: ['host'], message: 'required' }] } },
    };
    registry.register('scripted', {
      optionsSchema: hosted,
      create: (options) => {
        expectTypeOf(options).toEqualTypeOf<{ host: string }>();
        return new ScriptedEngine({ host: options.host });
      },
    });
    const engine = registry.create('scripted', { host: 'http://h:1' });
    expect(engine.engineId).toBe('scripted');
    expect(engine.host).toBe('http://h:1');
  });

  it("an agent registry says why an entry needs an engine, from the type's checked options", () => {
    const registry = new AgentRegistry();
    registry.register('needy', {
      optionsSchema: numbered,
      create: () => {
        throw new Error('not built here');
      },
      engineRequirement: ({ model, options }) =>
        options.n > 0 ? undefined : `${model} needs an engine`,
    });
    registry.register('free', {
      optionsSchema: none,
      create: () => new SimpleAgent(undefined, 'm'),
    });
    expect(registry.engineRequirement('needy', { model: 'm', options: { n: 0 } })).toBe(
      'm needs an engine',
    );
    expect(registry.engineRequirement('needy', { model: 'm', options: { n: 1 } })).toBeUndefined();
    expect(registry.engineRequirement('needy', { model: 'm', options: {} })).toBeUndefined();
    expect(registry.engineRequirement('free', { model: 'm', options: undefined })).toBeUndefined();
  });
});
