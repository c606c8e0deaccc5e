import { describe, expect, it } from 'vitest';
import { decidePermission, type PermissionRequest } from './permission-handling.js';

const request: PermissionRequest = {
  requestId: 'per_1',
  sessionId: 'ses_1',
  runId: 'run_1',
  permission: 'bash',
  patterns: ['ls'],
  metadata: {},
};
const live = () => new AbortController().signal;

describe('decidePermission', () => {
  it('answers from the policy by permission name, then *, then reject', async () => {
    const decide = (policy: Record<string, 'once' | 'always' | 'reject'>) =>
      decidePermission(request, { callback: undefined, policy, timeoutMs: 1_000, signal: live() });
    expect(await decide({ bash: 'once', '*': 'reject' })).toEqual({ reply: 'once', by: 'policy' });
    expect(await decide({ '*': 'always' })).toEqual({ reply: 'always', by: 'policy' });
    expect(await decide({})).toEqual({ reply: 'reject', by: 'policy' });
  });

  it('uses the callback when given', async () => {
    const decided = await decidePermission(request, {
      callback: () => 'always',
      policy: { '*': 'reject' },
      timeoutMs: 1_000,
      signal: live(),
    });
    expect(decided).toEqual({ reply: 'always', by: 'callback' });
  });

  it('rejects when the callback throws or returns something else', async () => {
    const base = { policy: {}, timeoutMs: 1_000, signal: live() };
    expect(
      await decidePermission(request, { ...base, callback: () => Promise.reject(new Error('x')) }),
    ).toEqual({
      reply: 'reject',
      by: 'callback',
    });
    expect(await decidePermission(request, { ...base, callback: () => 'yes' as never })).toEqual({
      reply: 'reject',
      by: 'callback',
    });
  });

  it('rejects on timeout and aborts the signal the callback got', async () => {
    let seen: AbortSignal | undefined;
    const decided = await decidePermission(request, {
      callback: (_request, { signal }) => {
        seen = signal;
        return new Promise(() => {});
      },
      policy: {},
      timeoutMs: 20,
      signal: live(),
    });
    expect(decided).toEqual({ reply: 'reject', by: 'timeout' });
    expect(seen?.aborted).toBe(true);
  });

  it('settles as soon as the run ends, without waiting for the timeout', async () => {
    const run = new AbortController();
    const pending = decidePermission(request, {
      callback: () => new Promise(() => {}),
      policy: {},
      timeoutMs: 3_600_000,
      signal: run.signal,
    });
    run.abort();
    expect(await pending).toEqual({ reply: 'reject', by: 'timeout' });
  });
});
