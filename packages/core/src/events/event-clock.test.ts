import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from './event-bus.js';
import { coalescedClock, exactClock } from './event-clock.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('coalescedClock', () => {
  it('shares one reading among at most 8 calls of one synchronous job', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000);
    const first = coalescedClock();
    vi.setSystemTime(2_000);
    const shared = Array.from({ length: 7 }, () => coalescedClock());
    const ninth = coalescedClock();
    expect(first).toBe(1_000);
    expect(shared).toEqual(Array(7).fill(1_000));
    expect(ninth).toBe(2_000);
  });

  it('reads the clock afresh in a later job, even right after an await', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(5_000);
    expect(coalescedClock()).toBe(5_000);
    vi.setSystemTime(5_007);
    await Promise.resolve();
    expect(coalescedClock()).toBe(5_007);
  });
});

describe('EventBus timestamps', () => {
  it('are the publish time for events of different jobs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const bus = new EventBus();
    vi.setSystemTime(10_000);
    const a = bus.publish('listener_error', { error: 'x', eventType: 'y' });
    await Promise.resolve();
    vi.setSystemTime(10_250);
    const b = bus.publish('listener_error', { error: 'x', eventType: 'y' });
    expect(b.timestamp - a.timestamp).toBe(250);
  });

  it.each([
    ['by default', undefined],
    ['with exactClock', exactClock],
  ])('%s, every event reads the clock, even within one synchronous burst', (_, clock) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const bus = new EventBus(clock === undefined ? {} : { clock });
    vi.setSystemTime(1);
    const a = bus.publish('listener_error', { error: 'x', eventType: 'y' });
    vi.setSystemTime(2);
    const b = bus.publish('listener_error', { error: 'x', eventType: 'y' });
    expect([a.timestamp, b.timestamp]).toEqual([1, 2]);
  });

  it('with coalescedClock, events of one burst may share a reading', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const bus = new EventBus({ clock: coalescedClock });
    vi.setSystemTime(1);
    const a = bus.publish('listener_error', { error: 'x', eventType: 'y' });
    vi.setSystemTime(2);
    const b = bus.publish('listener_error', { error: 'x', eventType: 'y' });
    expect([a.timestamp, b.timestamp]).toEqual([1, 1]);
  });

  it('accept any clock', () => {
    const bus = new EventBus({ clock: () => 42 });
    expect(bus.publish('listener_error', { error: 'x', eventType: 'y' }).timestamp).toBe(42);
  });
});
