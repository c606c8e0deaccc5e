import { describe, expect, it } from 'vitest';
import {
  defaultRecyclePolicy,
  recycleReason,
  residentMiB,
  resolveRecyclePolicy,
} from './recycle-policy.js';
import { ServerTenancy } from './server-tenancy.js';

const everyTwoRuns = { afterRuns: 2, aboveRssMiB: 1024 };

describe('ServerTenancy', () => {
  it('retires a server after its runs, and disposes it once the last run in flight leaves', () => {
    const tenancy = new ServerTenancy<object>(everyTwoRuns, () => undefined);
    const server = {};
    expect(tenancy.enter(server)).toBe(true);
    expect(tenancy.enter(server)).toBe(true);
    // The first run to leave after the second started retires it; the other is still on it.
    expect(tenancy.leave(server)).toEqual({ retire: 'it has served 2 runs', dispose: false });
    expect(tenancy.enter(server)).toBe(false);
    expect(tenancy.leave(server)).toEqual({ retire: undefined, dispose: true });
  });

  it('retires a server whose memory is above the limit', () => {
    let rss = 500;
    const tenancy = new ServerTenancy<object>({ afterRuns: 1_000, aboveRssMiB: 600 }, () => rss);
    const server = {};
    tenancy.enter(server);
    expect(tenancy.leave(server).retire).toBeUndefined();
    rss = 700;
    tenancy.enter(server);
    expect(tenancy.leave(server)).toEqual({
      retire: 'it holds 700 MiB (above 600 MiB)',
      dispose: true,
    });
  });

  it('never retires without a policy', () => {
    const tenancy = new ServerTenancy<object>(undefined, () => 1e9);
    const server = {};
    for (let i = 0; i < 1_000; i++) {
      expect(tenancy.enter(server)).toBe(true);
      expect(tenancy.leave(server)).toEqual({ retire: undefined, dispose: false });
    }
  });
});

describe('recycle policy', () => {
  it('has the documented defaults', () => {
    expect(defaultRecyclePolicy).toEqual({ afterRuns: 250, aboveRssMiB: 1024 });
    expect(recycleReason(defaultRecyclePolicy, 249, 1000)).toBeUndefined();
    expect(recycleReason(defaultRecyclePolicy, 250, undefined)).toBeDefined();
    expect(resolveRecyclePolicy(undefined)).toEqual(defaultRecyclePolicy);
    expect(resolveRecyclePolicy({ afterRuns: 3 })).toEqual({ afterRuns: 3, aboveRssMiB: 1024 });
    expect(resolveRecyclePolicy(false)).toBeUndefined();
  });

  it("reads this process's resident memory on Linux", () => {
    if (process.platform !== 'linux') {
      expect(residentMiB(process.pid)).toBeUndefined();
      return;
    }
    const mib = residentMiB(process.pid) ?? 0;
    expect(mib).toBeGreaterThan(10);
    expect(mib * 1024 * 1024).toBeLessThan(process.memoryUsage().rss * 2);
    expect(residentMiB(2 ** 22 + 17)).toBeUndefined();
  });
});
