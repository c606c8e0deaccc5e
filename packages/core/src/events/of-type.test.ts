import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EventType } from './event-type.js';
import type { AnyJarvisEvent } from './jarvis-event.js';
import { ofType } from './of-type.js';

const at = (type: AnyJarvisEvent['type'], attempt = 0) =>
  ({
    type,
    timestamp: 0,
    data:
      type === 'agent_status'
        ? { agent: 'a', runId: 'r', status: 'retrying', attempt }
        : { agent: 'a', runId: 'r', input: 'i' },
  }) as AnyJarvisEvent;

const values = {
  s: at(EventType.AGENT_STATUS),
  t: at(EventType.AGENT_TURN_START),
  u: at(EventType.AGENT_STATUS, 1),
};

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('ofType (marbles)', () => {
  it('lets through only the given types, keeping their timing', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const source = hot('-s-t-u-t-|', values);
      expectObservable(source.pipe(ofType(EventType.AGENT_STATUS))).toBe('-s---u---|', values);
      expectObservable(source.pipe(ofType(EventType.AGENT_TURN_START))).toBe('---t---t-|', values);
      expectObservable(
        source.pipe(ofType(EventType.AGENT_TURN_START, EventType.AGENT_STATUS)),
      ).toBe('-s-t-u-t-|', values);
    });
  });

  it('with no types lets nothing through but still completes', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-s-t-|', values).pipe(ofType())).toBe('-----|');
    });
  });

  it('passes errors through', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new Error('source failed');
      expectObservable(cold('-s-t-#', values, error).pipe(ofType(EventType.AGENT_TURN_START))).toBe(
        '---t-#',
        values,
        error,
      );
    });
  });

  it('unsubscribes from the source when the consumer unsubscribes', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-s-t-u-t-|', values);
      expectObservable(source.pipe(ofType(EventType.AGENT_STATUS)), '^--!').toBe('-s--', values);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('works on a plain Subject of events', () => {
    const subject = new Subject<AnyJarvisEvent>();
    const seen: string[] = [];
    subject.pipe(ofType(EventType.AGENT_TURN_START)).subscribe((event) => seen.push(event.type));
    subject.next(values.s);
    subject.next(values.t);
    expect(seen).toEqual(['agent_turn_start']);
  });
});
