import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { cpuTimeNs } from './cpu-time.js';

describe('cpuTimeNs', () => {
  it('counts work and not waiting', async () => {
    const began = cpuTimeNs();
    let x = 0;
    for (let i = 0; i < 20_000_000; i++) x += i & 1;
    const worked = cpuTimeNs() - began;
    expect(x).toBe(10_000_000);
    expect(worked).toBeGreaterThan(0);

    const before = cpuTimeNs();
    await sleep(300);
    expect(cpuTimeNs() - before).toBeLessThan(150e6);
  });
});
