import { map, Observable, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { EventBus } from './event-bus.js';
import { EventType } from './event-type.js';
import type { AnyJarvisEvent } from './jarvis-event.js';
import { ofType } from './of-type.js';
import { registerTypeSelector, typeSelectorOf } from './typed-streams.js';

const status = { agent: 'a', runId: 'r1', status: 'retrying' as const };
const start = { agent: 'a', runId: 'r1', input: 'hi' };
const failure = { agent: 'a', runId: 'r1', kind: 'k', message: 'm' };

describe('events$.pipe(ofType(...)) on a bus', () => {
  it('is served by the bus itself, not by a filter over every event', () => {
    const bus = new EventBus();
    const select = typeSelectorOf(bus.events$);
    expect(select).toBeDefined();
    const stream = new Subject<AnyJarvisEvent>();
    const chosen: string[][] = [];
    const selected = new Observable<AnyJarvisEvent>();
    registerTypeSelector(stream, (types) => {
      chosen.push([...types]);
      return selected;
    });
    expect(stream.pipe(ofType(EventType.AGENT_STATUS, EventType.AGENT_ERROR))).toBe(selected);
    expect(chosen).toEqual([['agent_status', 'agent_error']]);
  });

  it('delivers only its types, once each', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    const subscription = bus.events$
      .pipe(ofType(EventType.AGENT_STATUS, EventType.AGENT_ERROR, EventType.AGENT_STATUS))
      .subscribe((event) => seen.push(event.type));
    bus.publish(EventType.AGENT_TURN_START, start);
    bus.publish(EventType.AGENT_STATUS, status);
    bus.publish(EventType.AGENT_ERROR, failure);
    subscription.unsubscribe();
    bus.publish(EventType.AGENT_STATUS, status);
    expect(seen).toEqual(['agent_status', 'agent_error']);
  });

  it('keeps the events$ order: after type listeners, in subscription order with plain events$ subscribers', () => {
    const bus = new EventBus();
    const calls: string[] = [];
    bus.events$.subscribe(() => calls.push('events$ 1'));
    bus.events$.pipe(ofType(EventType.AGENT_STATUS)).subscribe(() => calls.push('typed status'));
    bus.subscribe(EventType.AGENT_STATUS, () => calls.push('subscribe'));
    bus.events$.pipe(ofType(EventType.AGENT_ERROR)).subscribe(() => calls.push('typed error'));
    bus.events$.subscribe(() => calls.push('events$ 2'));
    bus.publish(EventType.AGENT_STATUS, status);
    bus.publish(EventType.AGENT_ERROR, failure);
    expect(calls).toEqual([
      'subscribe',
      'events$ 1',
      'typed status',
      'events$ 2',
      'events$ 1',
      'typed error',
      'events$ 2',
    ]);
  });

  it('sees subscriptions come and go between publishes of a type it already delivered', () => {
    const bus = new EventBus();
    const calls: string[] = [];
    const typed = bus.events$
      .pipe(ofType(EventType.AGENT_STATUS))
      .subscribe(() => calls.push('typed'));
    bus.publish(EventType.AGENT_STATUS, status);
    const plain = bus.events$.subscribe(() => calls.push('plain'));
    bus.publish(EventType.AGENT_STATUS, status);
    typed.unsubscribe();
    bus.publish(EventType.AGENT_STATUS, status);
    plain.unsubscribe();
    bus.publish(EventType.AGENT_STATUS, status);
    expect(calls).toEqual(['typed', 'typed', 'plain', 'plain']);
  });

  it('a typed subscription removed during delivery is not called, one added starts with the next publish', () => {
    const bus = new EventBus();
    const removed = vi.fn();
    const added = vi.fn();
    let first = true;
    const subscriptions: { unsubscribe(): void }[] = [];
    bus.subscribe(EventType.AGENT_STATUS, () => {
      if (!first) return;
      first = false;
      for (const subscription of subscriptions) subscription.unsubscribe();
      bus.events$.pipe(ofType(EventType.AGENT_STATUS)).subscribe(added);
    });
    subscriptions.push(bus.events$.pipe(ofType(EventType.AGENT_STATUS)).subscribe(removed));
    bus.publish(EventType.AGENT_STATUS, status);
    expect(removed).not.toHaveBeenCalled();
    expect(added).not.toHaveBeenCalled();
    bus.publish(EventType.AGENT_STATUS, status);
    expect(added).toHaveBeenCalledTimes(1);
  });

  it('removeAllListeners detaches typed subscriptions too', () => {
    const bus = new EventBus();
    const next = vi.fn();
    bus.events$.pipe(ofType(EventType.AGENT_STATUS)).subscribe(next);
    bus.removeAllListeners();
    bus.publish(EventType.AGENT_STATUS, status);
    expect(next).not.toHaveBeenCalled();
  });

  it('filters as before when ofType does not come first', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    expect(typeSelectorOf(bus.events$.pipe(map((event) => event)))).toBeUndefined();
    bus.events$
      .pipe(
        map((event) => event),
        ofType(EventType.AGENT_ERROR),
      )
      .subscribe((event) => seen.push(event.type));
    bus.publish(EventType.AGENT_STATUS, status);
    bus.publish(EventType.AGENT_ERROR, failure);
    expect(seen).toEqual(['agent_error']);
  });

  it('emits each event of its types at the frame it is published (marbles)', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(
      ({ cold, expectObservable }) => {
        const bus = new EventBus();
        cold('-s-t-e-s-|').subscribe((key) => {
          if (key === 's') bus.publish(EventType.AGENT_STATUS, status);
          else if (key === 't') bus.publish(EventType.AGENT_TURN_START, start);
          else bus.publish(EventType.AGENT_ERROR, failure);
        });
        expectObservable(
          bus.events$
            .pipe(ofType(EventType.AGENT_STATUS, EventType.AGENT_ERROR))
            .pipe(map((event) => event.type[6])),
        ).toBe('-s---e-s--');
      },
    );
  });
});
