import { EngineInputError } from '@openjarvis/core';
import { describe, expect, it } from 'vitest';
import { normalizeHost } from './normalize-host.js';

describe('normalizeHost', () => {
  it.each([
    ['http://localhost:8000', 'http://localhost:8000'],
    ['http://localhost:8000/', 'http://localhost:8000'],
    ['http://localhost:8000/v1', 'http://localhost:8000'],
    ['http://localhost:8000/v1/', 'http://localhost:8000'],
    ['http://localhost:8000/v1/v1', 'http://localhost:8000/v1'],
    ['https://gateway.example/llm/v1', 'https://gateway.example/llm'],
    ['https://gateway.example/llm/v10', 'https://gateway.example/llm/v10'],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['  http://[::1]:8080/v1  ', 'http://[::1]:8080'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });

  it.each([
    ['', /non-empty/],
    ['ftp://host', /http or https/],
    ['http://host:8000/?x=1', /query/],
    ['http://', /not a valid URL/],
  ])('rejects %j', (input, message) => {
    let caught: unknown;
    try {
      normalizeHost(input);
    } catch (error) {
      caught = error;
    }
    expect(EngineInputError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('rejects credentials without repeating them', () => {
    expect(() => normalizeHost('http://admin:hunter2@host:8000')).toThrow(/credentials/);
    try {
      normalizeHost('http://admin:hunter2@host:8000');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
