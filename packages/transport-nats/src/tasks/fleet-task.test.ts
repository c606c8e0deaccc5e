import { describe, expect, it } from 'vitest';
import { FleetError } from '../errors.js';
import { eventSubject, runEventsFilter, subjectToken } from '../events/subjects.js';
import { retryDelay } from '../worker/retry-delay.js';
import { parseWorkspace, validateTask } from './fleet-task.js';

const task = { id: 'fix-1', agent: 'build', input: 'Fix it', workspace: '/repo' };

describe('validateTask', () => {
  it('accepts a path or a git workspace', () => {
    expect(validateTask(task)).toEqual(task);
    expect(
      validateTask({ ...task, workspace: { git: 'file:///r.git', ref: 'main' } }),
    ).toBeTruthy();
  });

  it.each([
    [{ ...task, id: 'a.b' }, 'id'],
    [{ ...task, id: '' }, 'id'],
    [{ ...task, agent: '' }, 'agent'],
    [{ ...task, input: 3 }, 'input'],
    [{ ...task, workspace: '' }, 'workspace'],
    [{ ...task, workspace: { git: '' } }, 'workspace.git'],
    [{ ...task, workspace: { git: 'u', ref: '--upload-pack=x' } }, 'workspace.ref'],
    [{ ...task, timeoutMs: 0 }, 'timeoutMs'],
    [null, 'not an object'],
  ])('rejects %j naming %s', (input, field) => {
    expect(() => validateTask(input)).toThrow(field);
    try {
      validateTask(input);
    } catch (error) {
      expect(FleetError.isInstance(error) && error.kind).toBe('invalid_task');
    }
  });
});

describe('parseWorkspace', () => {
  it.each([
    ['/srv/repo', '/srv/repo'],
    ['https://example.com/r.git', { git: 'https://example.com/r.git' }],
    ['file:///tmp/r.git#v1', { git: 'file:///tmp/r.git', ref: 'v1' }],
    ['git@example.com:team/r', { git: 'git@example.com:team/r' }],
    ['/tmp/bare.git#main', { git: '/tmp/bare.git', ref: 'main' }],
  ])('%s', (text, expected) => {
    expect(parseWorkspace(text)).toEqual(expected);
  });
});

describe('retryDelay', () => {
  it('doubles per delivery, is never zero and is capped', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelay(1, 0)).toBe(1);
    expect(retryDelay(40, 1_000)).toBe(60_000);
  });
});

describe('subjects', () => {
  it('keeps one token per run id whatever it holds', () => {
    expect(subjectToken('a.b *>c d')).toBe('a_b___c_d');
    expect(eventSubject('run.1', 'agent_turn_end')).toBe('jarvis.events.run_1.agent_turn_end');
    expect(runEventsFilter('run.1')).toBe('jarvis.events.run_1.>');
  });
});
