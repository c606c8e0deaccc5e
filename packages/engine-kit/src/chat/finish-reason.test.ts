import { describe, expect, it } from 'vitest';
import { normalizeFinishReason } from './finish-reason.js';

describe('normalizeFinishReason', () => {
  it.each([
    ['stop', false, 'stop'],
    ['length', false, 'length'],
    ['tool_calls', true, 'tool_calls'],
    ['function_call', false, 'tool_calls'],
    ['abort', false, 'error'],
    ['error', false, 'error'],
    [undefined, false, 'stop'],
    ['something_new', false, 'stop'],
    ['stop', true, 'tool_calls'],
    ['length', true, 'length'],
    [undefined, true, 'tool_calls'],
  ] as const)('%s (calls seen: %s) → %s', (reason, sawCalls, expected) => {
    expect(normalizeFinishReason(reason, sawCalls)).toBe(expected);
  });
});
