import { config as rxConfig } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from './event-bus.js';
import { EventType } from './event-type.js';
import type { AnyJarvisEvent, EventOf } from './jarvis-event.js';

const start = { agent: 'a', runId: 'r1', input: 'hi' };
const status = { agent: 'a', runId: 'r1', status: 'retrying' as const };

function types(events: readonly AnyJarvisEvent[]): string[] {
  return events.map((event) => event.type);
}

afterEach(() => {
  vi.restoreAllMocks();
  rxConfig.onUnhandledError = null;
});

describe('EventBus.publish', () => {
  it('returns the event it delivered: type, timestamp and data', () => {
    const bus = new EventBus();
    const seen: AnyJarvisEvent[] = [];
    bus.subscribe(EventType.AGENT_TURN_START, (event) => seen.push(event));
    const before = Date.now();
    const event = bus.publish(EventType.AGENT_TURN_START, start);
    expect(event).toEqual({ type: 'agent_turn_start', timestamp: expect.any(Number), data: start });
    expect(event.timestamp).toBeGreaterThanOrEqual(before);
    expect(event.timestamp).toBeLessThanOrEqual(Date.now());
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(event);
  });

  it('delivers nothing and throws nothing when there are no listeners', () => {
    const bus = new EventBus();
    expect(() => bus.publish(EventType.AGENT_STATUS, status)).not.toThrow();
  });
});

describe('EventBus.subscribe / unsubscribe', () => {
  it('delivers only events of the subscribed type, in subscription order', () => {
    const bus = new EventBus();
    const calls: string[] = [];
    bus.subscribe(EventType.AGENT_STATUS, () => calls.push('first'));
    bus.subscribe(EventType.AGENT_STATUS, () => calls.push('second'));
    bus.subscribe(EventType.AGENT_TURN_START, () => calls.push('other type'));
    bus.publish(EventType.AGENT_STATUS, status);
    expect(calls).toEqual(['first', 'second']);
  });

  it('returns a function that unsubscribes', () => {
    const bus = new EventBus();
    const listener = vi.fn();
    const unsubscribe = bus.subscribe(EventType.AGENT_STATUS, listener);
    bus.publish(EventType.AGENT_STATUS, status);
    unsubscribe();
    bus.publish(EventType.AGENT_STATUS, status);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(bus.listenerCount(EventType.AGENT_STATUS)).toBe(0);
  });

  it('unsubscribe is idempotent and ignores listeners that were never subscribed', () => {
    const bus = new EventBus();
    const listener = vi.fn();
    const other = vi.fn();
    const unsubscribe = bus.subscribe(EventType.AGENT_STATUS, listener);
    bus.subscribe(EventType.AGENT_STATUS, other);
    unsubscribe();
    unsubscribe();
    bus.unsubscribe(EventType.AGENT_STATUS, listener);
    bus.unsubscribe(EventType.AGENT_TURN_START, listener);
    bus.publish(EventType.AGENT_STATUS, status);
    expect(listener).not.toHaveBeenCalled();
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('delivers once to a listener subscribed twice to the same type, and one unsubscribe removes it', () => {
    const bus = new EventBus();
    const listener = vi.fn();
    bus.subscribe(EventType.AGENT_STATUS, listener);
    bus.subscribe(EventType.AGENT_STATUS, listener);
    expect(bus.listenerCount(EventType.AGENT_STATUS)).toBe(1);
    bus.publish(EventType.AGENT_STATUS, status);
    expect(listener).toHaveBeenCalledTimes(1);
    bus.unsubscribe(EventType.AGENT_STATUS, listener);
    bus.publish(EventType.AGENT_STATUS, status);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('treats the same listener on two types as two subscriptions', () => {
    const bus = new EventBus();
    const listener = vi.fn();
    bus.subscribe(EventType.AGENT_STATUS, listener);
    bus.subscribe(EventType.AGENT_ERROR, listener);
    bus.publish(EventType.AGENT_STATUS, status);
    bus.publish(EventType.AGENT_ERROR, { agent: 'a', runId: 'r', kind: 'k', message: 'm' });
    bus.unsubscribe(EventType.AGENT_STATUS, listener);
    bus.publish(EventType.AGENT_STATUS, status);
    bus.publish(EventType.AGENT_ERROR, { agent: 'a', runId: 'r', kind: 'k', message: 'm' });
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('removeAllListeners detaches listeners and Observables without completing them', () => {
    const bus = new EventBus();
    const listener = vi.fn();
    const next = vi.fn();
    const complete = vi.fn();
    bus.subscribe(EventType.AGENT_STATUS, listener);
    bus.events$.subscribe({ next, complete });
    bus.removeAllListeners();
    bus.publish(EventType.AGENT_STATUS, status);
    expect(listener).not.toHaveBeenCalled();
    expect(next).not.toHaveBeenCalled();
    expect(complete).not.toHaveBeenCalled();
    expect(bus.listenerCount(EventType.AGENT_STATUS)).toBe(0);
  });
});

describe('EventBus Observables', () => {
  it('events$ sees every event published while subscribed', () => {
    const bus = new EventBus();
    bus.publish(EventType.AGENT_STATUS, status);
    const seen: AnyJarvisEvent[] = [];
    const subscription = bus.events$.subscribe((event) => seen.push(event));
    const a = bus.publish(EventType.AGENT_TURN_START, start);
    const b = bus.publish(EventType.AGENT_STATUS, status);
    subscription.unsubscribe();
    bus.publish(EventType.AGENT_STATUS, status);
    expect(seen).toEqual([a, b]);
  });

  it('on$ sees only the given types, once each even when a type is repeated', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    const subscription = bus
      .on$(EventType.AGENT_STATUS, EventType.AGENT_ERROR, EventType.AGENT_STATUS)
      .subscribe((event) => seen.push(event.type));
    expect(bus.listenerCount(EventType.AGENT_STATUS)).toBe(1);
    bus.publish(EventType.AGENT_TURN_START, start);
    bus.publish(EventType.AGENT_STATUS, status);
    bus.publish(EventType.AGENT_ERROR, { agent: 'a', runId: 'r', kind: 'k', message: 'm' });
    subscription.unsubscribe();
    expect(bus.listenerCount(EventType.AGENT_STATUS)).toBe(0);
    expect(bus.listenerCount(EventType.AGENT_ERROR)).toBe(0);
    bus.publish(EventType.AGENT_STATUS, status);
    expect(seen).toEqual(['agent_status', 'agent_error']);
  });

  it('on$ with no types emits nothing', () => {
    const bus = new EventBus();
    const next = vi.fn();
    bus.on$().subscribe(next);
    bus.publish(EventType.AGENT_STATUS, status);
    expect(next).not.toHaveBeenCalled();
  });

  it('each subscription to events$ / on$ is independent', () => {
    const bus = new EventBus();
    const first = vi.fn();
    const second = vi.fn();
    const a = bus.events$.subscribe(first);
    bus.events$.subscribe(second);
    a.unsubscribe();
    bus.publish(EventType.AGENT_STATUS, status);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('calls type listeners (subscribe, on$) in subscription order, then events$ subscribers', () => {
    const bus = new EventBus();
    const calls: string[] = [];
    bus.events$.subscribe(() => calls.push('events$'));
    bus.subscribe(EventType.AGENT_STATUS, () => calls.push('subscribe 1'));
    bus.on$(EventType.AGENT_STATUS).subscribe(() => calls.push('on$'));
    bus.subscribe(EventType.AGENT_STATUS, () => calls.push('subscribe 2'));
    bus.publish(EventType.AGENT_STATUS, status);
    expect(calls).toEqual(['subscribe 1', 'on$', 'subscribe 2', 'events$']);
  });
});

describe('EventBus history', () => {
  it('is off by default', () => {
    const bus = new EventBus();
    bus.publish(EventType.AGENT_STATUS, status);
    expect(bus.history).toEqual([]);
  });

  it('records events oldest first and hands out copies', () => {
    const bus = new EventBus({ recordHistory: true });
    const a = bus.publish(EventType.AGENT_TURN_START, start);
    const copy = bus.history;
    copy.pop();
    copy.push(a);
    const b = bus.publish(EventType.AGENT_STATUS, status);
    expect(bus.history).toEqual([a, b]);
    expect(bus.history).not.toBe(bus.history);
  });

  it('records events even when nobody listens', () => {
    const bus = new EventBus({ recordHistory: true });
    bus.publish(EventType.AGENT_STATUS, status);
    expect(types(bus.history)).toEqual(['agent_status']);
  });

  it('never shows more than historyLimit events, dropping the oldest', () => {
    const bus = new EventBus({ recordHistory: true, historyLimit: 3 });
    const published: AnyJarvisEvent[] = [];
    for (let attempt = 1; attempt <= 10; attempt++) {
      published.push(bus.publish(EventType.AGENT_STATUS, { ...status, attempt }));
      expect(bus.history).toEqual(published.slice(-3));
    }
  });

  it('keeps the newest events across many batch trims', () => {
    const bus = new EventBus({ recordHistory: true, historyLimit: 100 });
    for (let attempt = 1; attempt <= 1000; attempt++) {
      bus.publish(EventType.AGENT_STATUS, { ...status, attempt });
    }
    const history = bus.history as EventOf<'agent_status'>[];
    expect(history).toHaveLength(100);
    expect(history[0]?.data.attempt).toBe(901);
    expect(history[99]?.data.attempt).toBe(1000);
  });

  it('keeps nothing with historyLimit 0', () => {
    const bus = new EventBus({ recordHistory: true, historyLimit: 0 });
    bus.publish(EventType.AGENT_STATUS, status);
    bus.publish(EventType.AGENT_STATUS, status);
    expect(bus.history).toEqual([]);
  });

  it('rejects a negative or non-integer historyLimit', () => {
    expect(() => new EventBus({ historyLimit: -1 })).toThrow(RangeError);
    expect(() => new EventBus({ historyLimit: 1.5 })).toThrow(RangeError);
    expect(() => new EventBus({ historyLimit: Number.NaN })).toThrow(RangeError);
    expect(() => new EventBus({ historyLimit: Number.POSITIVE_INFINITY })).not.toThrow();
  });

  it('clearHistory empties it and recording goes on', () => {
    const bus = new EventBus({ recordHistory: true });
    bus.publish(EventType.AGENT_STATUS, status);
    bus.clearHistory();
    expect(bus.history).toEqual([]);
    const event = bus.publish(EventType.AGENT_TURN_START, start);
    expect(bus.history).toEqual([event]);
  });

  it('clearHistory without recording does nothing', () => {
    const bus = new EventBus();
    expect(() => bus.clearHistory()).not.toThrow();
    expect(bus.history).toEqual([]);
  });
});

describe('EventBus listener errors', () => {
  it('by default: other listeners and the publisher are unaffected, and listener_error is published', () => {
    const bus = new EventBus({ recordHistory: true });
    const boom = new Error('boom');
    const after = vi.fn();
    const reported: EventOf<'listener_error'>[] = [];
    bus.subscribe(EventType.LISTENER_ERROR, (event) => reported.push(event));
    bus.subscribe(EventType.AGENT_STATUS, () => {
      throw boom;
    });
    bus.subscribe(EventType.AGENT_STATUS, after);
    const seenOnStream = vi.fn();
    bus.events$.subscribe(seenOnStream);

    const event = bus.publish(EventType.AGENT_STATUS, status);

    expect(event.type).toBe('agent_status');
    expect(after).toHaveBeenCalledWith(event);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.data).toEqual({ error: boom, eventType: 'agent_status' });
    expect(seenOnStream).toHaveBeenCalledTimes(2);
    expect(types(bus.history)).toEqual(['agent_status', 'listener_error']);
  });

  it('with onListenerError: calls it with the error and the event, publishes no listener_error', () => {
    const onListenerError = vi.fn();
    const bus = new EventBus({ onListenerError });
    const reported = vi.fn();
    bus.subscribe(EventType.LISTENER_ERROR, reported);
    const after = vi.fn();
    bus.subscribe(EventType.AGENT_STATUS, () => {
      throw new Error('boom');
    });
    bus.subscribe(EventType.AGENT_STATUS, after);
    const event = bus.publish(EventType.AGENT_STATUS, status);
    expect(onListenerError).toHaveBeenCalledWith(new Error('boom'), event);
    expect(after).toHaveBeenCalledTimes(1);
    expect(reported).not.toHaveBeenCalled();
  });

  it('an onListenerError that throws becomes a process warning; delivery goes on', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const bus = new EventBus({
      onListenerError: () => {
        throw new Error('handler broke');
      },
    });
    const after = vi.fn();
    bus.subscribe(EventType.AGENT_STATUS, () => {
      throw new Error('boom');
    });
    bus.subscribe(EventType.AGENT_STATUS, after);
    expect(() => bus.publish(EventType.AGENT_STATUS, status)).not.toThrow();
    expect(after).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('handler broke');
  });

  it('a throwing listener_error listener gives a process warning, not a loop', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const bus = new EventBus({ recordHistory: true });
    const errorListener = vi.fn(() => {
      throw new Error('listener_error listener broke');
    });
    const secondErrorListener = vi.fn();
    bus.subscribe(EventType.LISTENER_ERROR, errorListener);
    bus.subscribe(EventType.LISTENER_ERROR, secondErrorListener);
    bus.subscribe(EventType.AGENT_STATUS, () => {
      throw new Error('boom');
    });
    bus.publish(EventType.AGENT_STATUS, status);
    expect(errorListener).toHaveBeenCalledTimes(1);
    expect(secondErrorListener).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('listener_error listener broke');
    expect(warn.mock.calls[0]?.[1]).toBe('EventBusWarning');
    expect(types(bus.history)).toEqual(['agent_status', 'listener_error']);
  });

  it('an Observable subscriber that throws goes to RxJS error reporting; delivery goes on', () => {
    const unhandled = vi.fn();
    rxConfig.onUnhandledError = unhandled;
    const bus = new EventBus();
    const after = vi.fn();
    bus.events$.subscribe(() => {
      throw new Error('observer broke');
    });
    bus.events$.subscribe(after);
    const event = bus.publish(EventType.AGENT_STATUS, status);
    expect(after).toHaveBeenCalledWith(event);
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        expect(unhandled).toHaveBeenCalledWith(new Error('observer broke'));
        resolve();
      });
    });
  });
});

describe('EventBus: changing listeners while an event is delivered', () => {
  it('a listener unsubscribed by an earlier listener is not called again, not even for the current event', () => {
    const bus = new EventBus();
    const later = vi.fn();
    bus.subscribe(EventType.AGENT_STATUS, () => bus.unsubscribe(EventType.AGENT_STATUS, later));
    bus.subscribe(EventType.AGENT_STATUS, later);
    bus.publish(EventType.AGENT_STATUS, status);
    bus.publish(EventType.AGENT_STATUS, status);
    expect(later).not.toHaveBeenCalled();
  });

  it('the same holds for on$ and events$ subscriptions', () => {
    const bus = new EventBus();
    const onNext = vi.fn();
    const allNext = vi.fn();
    const subscriptions: { unsubscribe(): void }[] = [];
    bus.subscribe(EventType.AGENT_STATUS, () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    });
    subscriptions.push(bus.on$(EventType.AGENT_STATUS).subscribe(onNext));
    subscriptions.push(bus.events$.subscribe(allNext));
    bus.publish(EventType.AGENT_STATUS, status);
    expect(onNext).not.toHaveBeenCalled();
    expect(allNext).not.toHaveBeenCalled();
  });

  it('a listener may unsubscribe itself; the others still get the event', () => {
    const bus = new EventBus();
    const calls: string[] = [];
    const once = () => {
      calls.push('once');
      bus.unsubscribe(EventType.AGENT_STATUS, once);
    };
    bus.subscribe(EventType.AGENT_STATUS, once);
    bus.subscribe(EventType.AGENT_STATUS, () => calls.push('other'));
    bus.publish(EventType.AGENT_STATUS, status);
    bus.publish(EventType.AGENT_STATUS, status);
    expect(calls).toEqual(['once', 'other', 'other']);
  });

  it('a listener or subscription added during delivery gets events from the next publish on', () => {
    const bus = new EventBus();
    const added = vi.fn();
    const addedOn = vi.fn();
    const addedAll = vi.fn();
    let first = true;
    bus.subscribe(EventType.AGENT_STATUS, () => {
      if (!first) return;
      first = false;
      bus.subscribe(EventType.AGENT_STATUS, added);
      bus.on$(EventType.AGENT_STATUS).subscribe(addedOn);
      bus.events$.subscribe(addedAll);
    });
    bus.subscribe(EventType.AGENT_STATUS, () => {});
    bus.publish(EventType.AGENT_STATUS, status);
    expect(added).not.toHaveBeenCalled();
    expect(addedOn).not.toHaveBeenCalled();
    expect(addedAll).not.toHaveBeenCalled();
    bus.publish(EventType.AGENT_STATUS, status);
    expect(added).toHaveBeenCalledTimes(1);
    expect(addedOn).toHaveBeenCalledTimes(1);
    expect(addedAll).toHaveBeenCalledTimes(1);
  });

  it('removeAllListeners during delivery stops the remaining plain listeners at once', () => {
    const bus = new EventBus();
    const later = vi.fn();
    bus.subscribe(EventType.AGENT_STATUS, () => bus.removeAllListeners());
    bus.subscribe(EventType.AGENT_STATUS, later);
    bus.publish(EventType.AGENT_STATUS, status);
    expect(later).not.toHaveBeenCalled();
  });
});

describe('EventBus: re-entrant publish', () => {
  it('delivers an event published by a listener to everyone before the outer event goes on; history keeps publish order', () => {
    const bus = new EventBus({ recordHistory: true });
    const calls: string[] = [];
    bus.subscribe(EventType.AGENT_TURN_START, (event) => {
      calls.push(`A got ${event.type}`);
      bus.publish(EventType.AGENT_STATUS, status);
    });
    bus.subscribe(EventType.AGENT_STATUS, (event) => calls.push(`B got ${event.type}`));
    bus.subscribe(EventType.AGENT_TURN_START, (event) => calls.push(`C got ${event.type}`));
    bus.events$.subscribe((event) => calls.push(`events$ got ${event.type}`));

    bus.publish(EventType.AGENT_TURN_START, start);

    expect(calls).toEqual([
      'A got agent_turn_start',
      'B got agent_status',
      'events$ got agent_status',
      'C got agent_turn_start',
      'events$ got agent_turn_start',
    ]);
    expect(types(bus.history)).toEqual(['agent_turn_start', 'agent_status']);
  });

  it('a listener that republishes its own type does not see the nested event twice in one delivery', () => {
    const bus = new EventBus();
    const attempts: (number | undefined)[] = [];
    bus.subscribe(EventType.AGENT_STATUS, (event) => {
      attempts.push(event.data.attempt);
      const attempt = event.data.attempt ?? 0;
      if (attempt < 3) bus.publish(EventType.AGENT_STATUS, { ...status, attempt: attempt + 1 });
    });
    bus.publish(EventType.AGENT_STATUS, { ...status, attempt: 0 });
    expect(attempts).toEqual([0, 1, 2, 3]);
  });
});
