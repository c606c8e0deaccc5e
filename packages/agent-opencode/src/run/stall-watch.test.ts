import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StallWatch } from './stall-watch.js';

describe('StallWatch (fake clock)', () => {
  let stalls: number[];
  let watch: StallWatch;

  beforeEach(() => {
    vi.useFakeTimers();
    stalls = [];
    watch = new StallWatch(1_000, (silentMs) => stalls.push(silentMs));
    watch.start();
  });
  afterEach(() => {
    watch.stop();
    vi.useRealTimers();
  });

  it('fires once after a silence of timeoutMs, and each progress starts the silence over', () => {
    vi.advanceTimersByTime(900);
    watch.progress();
    vi.advanceTimersByTime(900);
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(stalls).toEqual([1_000]);
    vi.advanceTimersByTime(10_000);
    expect(stalls).toEqual([1_000]);
  });

  it('does not count silence while something holds it, and counts anew on release', () => {
    watch.hold('tool:1');
    watch.hold('permission:1');
    vi.advanceTimersByTime(5_000);
    watch.release('tool:1');
    vi.advanceTimersByTime(5_000);
    expect(stalls).toEqual([]);
    watch.release('permission:1');
    vi.advanceTimersByTime(999);
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(1_001);
    expect(stalls).toEqual([1_000]);
  });

  it('expects silence until quietUntil (a scheduled retry), then a full timeoutMs more', () => {
    watch.progress(Date.now() + 3_000);
    vi.advanceTimersByTime(3_900);
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(stalls).toEqual([1_000]);
  });

  it('starts once: a second start does not push the stall back', () => {
    vi.advanceTimersByTime(600);
    watch.start();
    vi.advanceTimersByTime(400);
    expect(stalls).toEqual([1_000]);
  });

  it('never fires once stopped (nor restarts), nor when the timeout is not finite', () => {
    watch.stop();
    watch.start();
    const off = new StallWatch(Number.POSITIVE_INFINITY, (silentMs) => stalls.push(silentMs));
    off.start();
    vi.advanceTimersByTime(60_000);
    expect(stalls).toEqual([]);
  });
});
