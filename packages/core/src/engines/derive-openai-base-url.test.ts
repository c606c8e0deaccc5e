import { describe, expect, it } from 'vitest';
import { EventBus } from '../events/event-bus.js';
import { ScriptedEngine } from '../test-support/scripted-engine.js';
import { deriveOpenAIBaseUrl } from './derive-openai-base-url.js';
import { InstrumentedEngine } from './instrumented-engine.js';

function wrap(levels: number, innermost: object): object {
  let current = innermost;
  for (let i = 0; i < levels; i++) current = { inner: current };
  return current;
}

describe('deriveOpenAIBaseUrl: the ancestor’s cases', () => {
  it('appends /v1 to a host', () => {
    expect(deriveOpenAIBaseUrl({ host: 'http://localhost:11434' })).toBe(
      'http://localhost:11434/v1',
    );
  });

  it('leaves a host that already ends in /v1 unchanged', () => {
    expect(deriveOpenAIBaseUrl({ host: 'http://localhost:8000/v1' })).toBe(
      'http://localhost:8000/v1',
    );
  });

  it('uses an explicit baseUrl as is, without its trailing slash', () => {
    expect(deriveOpenAIBaseUrl({ baseUrl: 'https://api.example.com/openai/' })).toBe(
      'https://api.example.com/openai',
    );
  });

  it('unwraps a wrapped engine (_inner with _host)', () => {
    expect(deriveOpenAIBaseUrl({ _inner: { _host: 'http://127.0.0.1:8080' } })).toBe(
      'http://127.0.0.1:8080/v1',
    );
  });

  it('returns an empty string when nothing is found', () => {
    expect(deriveOpenAIBaseUrl({ engineId: 'x' })).toBe('');
    expect(deriveOpenAIBaseUrl({})).toBe('');
  });
});

describe('deriveOpenAIBaseUrl: priority and normalisation', () => {
  it('prefers openaiBaseUrl over baseUrl over host', () => {
    expect(
      deriveOpenAIBaseUrl({
        host: 'http://host:1',
        baseUrl: 'http://base:2/v1',
        openaiBaseUrl: 'http://openai:3/v1',
      }),
    ).toBe('http://openai:3/v1');
    expect(deriveOpenAIBaseUrl({ host: 'http://host:1', baseUrl: 'http://base:2/v1' })).toBe(
      'http://base:2/v1',
    );
  });

  it('prefers the level it is at over a wrapped engine', () => {
    expect(
      deriveOpenAIBaseUrl({
        host: 'http://outer:1',
        inner: { openaiBaseUrl: 'http://inner:2/v1' },
      }),
    ).toBe('http://outer:1/v1');
  });

  it('strips trailing slashes and surrounding blanks from host and URLs', () => {
    expect(deriveOpenAIBaseUrl({ host: ' http://h:1// ' })).toBe('http://h:1/v1');
    expect(deriveOpenAIBaseUrl({ host: 'http://h:1/v1/' })).toBe('http://h:1/v1');
    expect(deriveOpenAIBaseUrl({ openaiBaseUrl: 'http://h:1/v1///' })).toBe('http://h:1/v1');
  });

  it('ignores empty, blank and non-string values', () => {
    expect(deriveOpenAIBaseUrl({ openaiBaseUrl: '', host: 'http://h:1' })).toBe('http://h:1/v1');
    expect(deriveOpenAIBaseUrl({ openaiBaseUrl: '   ', host: 'http://h:1' })).toBe('http://h:1/v1');
    expect(deriveOpenAIBaseUrl({ baseUrl: 42, host: 'http://h:1' })).toBe('http://h:1/v1');
    expect(deriveOpenAIBaseUrl({ host: null, inner: { host: 'http://h:2' } })).toBe(
      'http://h:2/v1',
    );
  });

  it('accepts every name with a leading underscore', () => {
    expect(deriveOpenAIBaseUrl({ _openaiBaseUrl: 'http://a/v1' })).toBe('http://a/v1');
    expect(deriveOpenAIBaseUrl({ _baseUrl: 'http://b/v1/' })).toBe('http://b/v1');
    expect(deriveOpenAIBaseUrl({ _host: 'http://c' })).toBe('http://c/v1');
    expect(deriveOpenAIBaseUrl({ _engine: { host: 'http://d' } })).toBe('http://d/v1');
    expect(deriveOpenAIBaseUrl({ _wrapped: { host: 'http://e' } })).toBe('http://e/v1');
  });

  it('prefers the plain name, and falls back to the underscored one when the plain one is unusable', () => {
    expect(deriveOpenAIBaseUrl({ host: 'http://plain', _host: 'http://underscored' })).toBe(
      'http://plain/v1',
    );
    expect(deriveOpenAIBaseUrl({ host: '   ', _host: 'http://underscored' })).toBe(
      'http://underscored/v1',
    );
    expect(deriveOpenAIBaseUrl({ inner: 'not an engine', _inner: { host: 'http://u' } })).toBe(
      'http://u/v1',
    );
  });
});

describe('deriveOpenAIBaseUrl: wrappers', () => {
  it('unwraps inner, engine and wrapped, in that order of preference', () => {
    expect(deriveOpenAIBaseUrl({ inner: { host: 'http://i' } })).toBe('http://i/v1');
    expect(deriveOpenAIBaseUrl({ engine: { host: 'http://e' } })).toBe('http://e/v1');
    expect(deriveOpenAIBaseUrl({ wrapped: { host: 'http://w' } })).toBe('http://w/v1');
    expect(
      deriveOpenAIBaseUrl({
        wrapped: { host: 'http://w' },
        engine: { host: 'http://e' },
        inner: { host: 'http://i' },
      }),
    ).toBe('http://i/v1');
  });

  it('walks at most 6 levels', () => {
    const found = { host: 'http://deep' };
    expect(deriveOpenAIBaseUrl(wrap(5, found))).toBe('http://deep/v1');
    expect(deriveOpenAIBaseUrl(wrap(6, found))).toBe('');
  });

  it('stops at cycles', () => {
    const a: Record<string, unknown> = {};
    const b: Record<string, unknown> = { inner: a };
    a.inner = b;
    expect(deriveOpenAIBaseUrl(a)).toBe('');
    const self: Record<string, unknown> = {};
    self._inner = self;
    expect(deriveOpenAIBaseUrl(self)).toBe('');
  });

  it('returns an empty string for non-object inputs', () => {
    for (const input of [undefined, null, '', 'http://localhost:11434', 42, true, Symbol('x')]) {
      expect(deriveOpenAIBaseUrl(input)).toBe('');
    }
    expect(deriveOpenAIBaseUrl(() => 'http://x')).toBe('');
  });

  it('sees through a real InstrumentedEngine', () => {
    const bus = new EventBus();
    const withHost = new InstrumentedEngine(new ScriptedEngine({ host: 'http://gpu:8000' }), bus);
    expect(deriveOpenAIBaseUrl(withHost)).toBe('http://gpu:8000/v1');
    const withUrl = new InstrumentedEngine(
      new ScriptedEngine({ host: 'http://gpu:8000', openaiBaseUrl: 'http://proxy/v1/' }),
      bus,
    );
    expect(deriveOpenAIBaseUrl(withUrl)).toBe('http://proxy/v1');
    const twice = new InstrumentedEngine(withHost, bus);
    expect(deriveOpenAIBaseUrl(twice)).toBe('http://gpu:8000/v1');
  });

  it('finds a ported engine’s _host through InstrumentedEngine.inner', () => {
    const ported = Object.assign(new ScriptedEngine(), { _host: 'http://ported:11434' });
    expect(deriveOpenAIBaseUrl(new InstrumentedEngine(ported, new EventBus()))).toBe(
      'http://ported:11434/v1',
    );
  });
});
