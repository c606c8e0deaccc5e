import { EngineInputError } from '@openjarvis/core';
import { describe, expect, it } from 'vitest';
import { normalizeOllamaHost } from './normalize-ollama-host.js';

describe('normalizeOllamaHost (OLLAMA_HOST is a bind address)', () => {
  it.each([
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['0.0.0.0:11434', 'http://127.0.0.1:11434'],
    [':11434', 'http://127.0.0.1:11434'],
    [':8080', 'http://127.0.0.1:8080'],
    ['127.0.0.1', 'http://127.0.0.1:11434'],
    ['localhost', 'http://localhost:11434'],
    ['ollama.internal', 'http://ollama.internal:11434'],
    ['ollama.internal:9999', 'http://ollama.internal:9999'],
    ['http://ollama.internal', 'http://ollama.internal:11434'],
    ['http://0.0.0.0:11434/', 'http://127.0.0.1:11434'],
    ['https://ollama.example.com', 'https://ollama.example.com'],
    ['https://ollama.example.com:8443', 'https://ollama.example.com:8443'],
    ['http://box:11434/v1', 'http://box:11434'],
    ['box:11434/proxy/ollama/', 'http://box:11434/proxy/ollama'],
    ['[::1]:11434', 'http://[::1]:11434'],
    ['[::]', 'http://[::1]:11434'],
    ['::1', 'http://[::1]:11434'],
    ['  0.0.0.0  ', 'http://127.0.0.1:11434'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeOllamaHost(input)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['ftp://box', /http or https/],
    ['box:port', /invalid port/],
    ['box:70000', /invalid port/],
    ['[::1', /unclosed/],
  ])('rejects %j with EngineInputError', (input, message) => {
    let caught: unknown;
    try {
      normalizeOllamaHost(input);
    } catch (error) {
      caught = error;
    }
    expect(EngineInputError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('rejects credentials without repeating them', () => {
    expect(() => normalizeOllamaHost('admin:hunter2@box')).toThrow(/credentials/);
    try {
      normalizeOllamaHost('admin:hunter2@box');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
