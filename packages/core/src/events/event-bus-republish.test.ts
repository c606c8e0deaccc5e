import { describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.js';

describe('EventBus.republish', () => {
  it('delivers a recorded event with its own timestamp to listeners, events$ and history', () => {
    const bus = new EventBus({ recordHistory: true });
    const seen: number[] = [];
    bus.subscribe('agent_status', (event) => seen.push(event.timestamp));
    bus.events$.subscribe((event) => seen.push(event.timestamp));
    const recorded = {
      type: 'agent_status' as const,
      timestamp: 1_600_000_000_000,
      data: { agent: 'opencode', runId: 'run_1', status: 'server_ready' as const },
    };

    const delivered = bus.republish(recorded);

    expect(seen).toEqual([1_600_000_000_000, 1_600_000_000_000]);
    expect(delivered).toEqual(recorded);
    expect(delivered).not.toBe(recorded);
    expect(bus.history).toEqual([recorded]);
  });
});
