import { describe, expect, it } from 'vitest';
import { createRunId } from './run-id.js';

describe('createRunId', () => {
  it('makes distinct ids with a run_ prefix', () => {
    const ids = Array.from({ length: 1000 }, createRunId);
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^run_[0-9a-z]{8,}[0-9a-f]{10}$/);
  });
});
