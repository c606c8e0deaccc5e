import { describe, expect, it, vi } from 'vitest';
import { getEventBus, resetEventBus } from './default-bus.js';
import { EventBus } from './event-bus.js';
import { EventType } from './event-type.js';

describe('getEventBus / resetEventBus', () => {
  it('getEventBus returns the same bus every time', () => {
    const bus = getEventBus();
    expect(bus).toBeInstanceOf(EventBus);
    expect(getEventBus()).toBe(bus);
  });

  it('resetEventBus detaches the old bus and getEventBus returns the new one', () => {
    const old = getEventBus();
    const listener = vi.fn();
    old.subscribe(EventType.AGENT_STATUS, listener);
    const fresh = resetEventBus();
    expect(fresh).not.toBe(old);
    expect(getEventBus()).toBe(fresh);
    old.publish(EventType.AGENT_STATUS, { agent: 'a', runId: 'r', status: 'retrying' });
    fresh.publish(EventType.AGENT_STATUS, { agent: 'a', runId: 'r', status: 'retrying' });
    expect(listener).not.toHaveBeenCalled();
  });
});
