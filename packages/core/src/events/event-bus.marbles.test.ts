import { map, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.js';
import { EventType } from './event-type.js';
import type { EventName } from './jarvis-event.js';

const payloads = {
  s: [EventType.AGENT_STATUS, { agent: 'a', runId: 'r', status: 'retrying' }],
  t: [EventType.AGENT_TURN_START, { agent: 'a', runId: 'r', input: 'hi' }],
  e: [EventType.AGENT_ERROR, { agent: 'a', runId: 'r', kind: 'k', message: 'm' }],
} as const;
type Key = keyof typeof payloads;

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** Publishes the event named by each marble value at its frame. */
function publishAt(bus: EventBus, source: { subscribe(next: (key: Key) => void): unknown }): void {
  source.subscribe((key) => {
    const [type, data] = payloads[key];
    (bus.publish as (type: EventName, data: unknown) => unknown)(type, data);
  });
}

const key = (type: string): Key =>
  type === 'agent_status' ? 's' : type === 'agent_turn_start' ? 't' : 'e';

describe('EventBus Observables (marbles)', () => {
  it('events$ emits each event at the frame it is published, and never completes', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const bus = new EventBus();
      publishAt(bus, cold<Key>('-s--t-e-|'));
      expectObservable(bus.events$.pipe(map((e) => key(e.type)))).toBe('-s--t-e--');
    });
  });

  it('events$ is hot: a late subscriber sees only what is published after it subscribed', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const bus = new EventBus();
      publishAt(bus, cold<Key>('-s--t-e-|'));
      expectObservable(bus.events$.pipe(map((e) => key(e.type))), '---^---!').toBe('----t-e-');
    });
  });

  it('on$ emits only its types, at their frames', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const bus = new EventBus();
      publishAt(bus, cold<Key>('-s-t-s-e-|'));
      expectObservable(
        bus.on$(EventType.AGENT_STATUS, EventType.AGENT_ERROR).pipe(map((e) => key(e.type))),
      ).toBe('-s---s-e--');
    });
  });

  it('on$ detaches its listeners when the subscriber unsubscribes', () => {
    const bus = new EventBus();
    const counts: number[] = [];
    scheduler().run(({ cold, expectObservable }) => {
      publishAt(bus, cold<Key>('-s-s-s-|'));
      cold('------x|').subscribe(() => counts.push(bus.listenerCount(EventType.AGENT_STATUS)));
      cold('--x|').subscribe(() => counts.push(bus.listenerCount(EventType.AGENT_STATUS)));
      expectObservable(bus.on$(EventType.AGENT_STATUS).pipe(map(() => 's')), '^---!').toBe('-s-s');
    });
    expect(counts).toEqual([1, 0]);
  });

  it('a take() downstream completes and detaches at the last event it takes', () => {
    const bus = new EventBus();
    let countAfter = -1;
    scheduler().run(({ cold, expectObservable }) => {
      publishAt(bus, cold<Key>('-s-s-s-|'));
      cold('----x|').subscribe(() => {
        countAfter = bus.listenerCount(EventType.AGENT_STATUS);
      });
      expectObservable(
        bus.on$(EventType.AGENT_STATUS).pipe(
          take(2),
          map(() => 's'),
        ),
      ).toBe('-s-(s|)');
    });
    expect(countAfter).toBe(0);
  });
});
