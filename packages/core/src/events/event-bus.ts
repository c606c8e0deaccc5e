import { EventEmitter } from 'eventemitter3';
import { Observable, type Subscriber } from 'rxjs';
import { type EventClock, exactClock } from './event-clock.js';
import type { EventPayloads } from './event-payloads.js';
import { EventType } from './event-type.js';
import type { AnyJarvisEvent, EventListener, EventName, EventOf } from './jarvis-event.js';
import { registerTypeSelector } from './typed-streams.js';

export interface EventBusOptions {
  /**
   * Keep published events in `history`.
   * @default false
   */
  recordHistory?: boolean;
  /**
   * Where event timestamps come from. The default reads `Date.now()` for
   * every event; `coalescedClock` shares one reading among up to 8 events of
   * one synchronous burst, which is faster only when events come in such
   * bursts (the benchmark measures both patterns).
   * @default exactClock
   */
  clock?: EventClock;
  /**
   * How many events `history` keeps; the oldest are dropped first. A
   * non-negative integer, or `Infinity` for no limit.
   * @default 10_000
   */
  historyLimit?: number;
  /**
   * Called when a listener throws. Delivery to the other listeners and the
   * publisher are never affected.
   * If this function throws, a process warning is emitted instead.
   * @default publishes a `listener_error` event; if a listener of that event
   * throws too, a process warning is emitted instead (no loop).
   */
  onListenerError?: (error: unknown, event: AnyJarvisEvent) => void;
}

/** `publish`'s data argument: optional only for events whose payload may be undefined. */
export type PublishArgs<T extends EventName> = undefined extends EventPayloads[T]
  ? [data?: EventPayloads[T]]
  : [data: EventPayloads[T]];

const defaultHistoryLimit = 10_000;

type ErrorHandler = (error: unknown, event: AnyJarvisEvent) => void;

/** One `events$` subscription: every event, or (`events$.pipe(ofType(...))`) those of some types. */
interface StreamEntry {
  readonly subscriber: Subscriber<AnyJarvisEvent>;
  readonly types: ReadonlySet<string> | undefined;
}

/** One `subscribe`d listener. `active` turns false on unsubscribe, so a removal takes effect mid-delivery. */
interface ListenerEntry {
  readonly listener: EventListener<never>;
  readonly onError: ErrorHandler;
  active: boolean;
}

// One shared function for every listener (the entry is its `this`), so
// subscribing allocates no closure and eventemitter3 can match it by context.
function deliverToListener(this: ListenerEntry, event: AnyJarvisEvent): void {
  if (!this.active) return;
  try {
    (this.listener as EventListener)(event);
  } catch (error) {
    this.onError(error, event);
  }
}

/**
 * A synchronous, typed publish/subscribe bus. eventemitter3 delivers to the
 * listeners of each type; `events$` and `on$` expose the same events as RxJS
 * Observables.
 *
 * Delivery is synchronous, inside `publish`: first the listeners of the event's
 * type (`subscribe` and `on$`, in subscription order), then the `events$`
 * subscribers (in subscription order). A listener removed while an event is
 * being delivered is not called again, not even for that event; one added
 * meanwhile receives events from the next `publish` on. An event published by
 * a listener is delivered to everyone before the outer `publish` goes on
 * (depth first), so a later listener may see it before the outer event;
 * `history` keeps publish order.
 *
 * `subscribe`, `on$` and `events$.pipe(ofType(...))` are indexed by type: an
 * event costs nothing to the subscribers of other types.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();
  readonly #entries = new Map<EventName, Map<EventListener<never>, ListenerEntry>>();
  readonly #history: AnyJarvisEvent[] | undefined;
  readonly #clock: EventClock;
  readonly #historyLimit: number;
  readonly #onListenerError: ErrorHandler;
  /**
   * The `events$` subscriptions in subscription order, typed or not. This and
   * the arrays below are replaced (never mutated) on change: `publish`
   * iterates the array it read before delivery began, so a subscription made
   * meanwhile starts with the next publish. Kept out of eventemitter3 to save
   * a dispatch per event.
   */
  #streams: readonly StreamEntry[] = [];
  /** Every `events$` subscriber, which is whom an event goes to while none is typed. */
  #everyone: readonly Subscriber<AnyJarvisEvent>[] = [];
  #typedStreams = 0;
  /** While some are typed: the subscribers of each type, in subscription order, built on first publish. */
  readonly #streamsOfType = new Map<string, readonly Subscriber<AnyJarvisEvent>[]>();

  /** Every event published on this bus, from subscription on. */
  readonly events$: Observable<AnyJarvisEvent>;

  constructor(options: EventBusOptions = {}) {
    this.#clock = options.clock ?? exactClock;
    const historyLimit = options.historyLimit ?? defaultHistoryLimit;
    if (
      !(Number.isInteger(historyLimit) || historyLimit === Number.POSITIVE_INFINITY) ||
      historyLimit < 0
    ) {
      throw new RangeError(`historyLimit must be a non-negative integer, got ${historyLimit}`);
    }
    this.#history = options.recordHistory ? [] : undefined;
    this.#historyLimit = historyLimit;
    const handler = options.onListenerError;
    this.#onListenerError =
      handler === undefined
        ? (error, event) => this.#reportListenerError(error, event)
        : (error, event) => {
            try {
              handler(error, event);
            } catch (handlerError) {
              warn(
                `onListenerError threw while handling an error of a ${event.type} listener`,
                handlerError,
              );
            }
          };
    this.events$ = new Observable<AnyJarvisEvent>((subscriber) =>
      this.#addStream(subscriber, undefined),
    );
    registerTypeSelector(
      this.events$,
      (types) => new Observable((subscriber) => this.#addStream(subscriber, types)),
    );
  }

  /** Publishes an event to every listener of its type and to `events$`, and returns it. */
  publish<T extends EventName>(type: T, ...data: PublishArgs<T>): EventOf<T>;
  // A plain parameter rather than the rest tuple: this is the hot path.
  publish(type: EventName, data?: unknown): AnyJarvisEvent {
    return this.#deliver({ type, timestamp: this.#clock(), data } as AnyJarvisEvent);
  }

  /**
   * Delivers an event that already has its timestamp (a recorded event being
   * replayed) exactly as `publish` would deliver a new one.
   */
  republish<T extends EventName>(event: EventOf<T>): EventOf<T> {
    return this.#deliver({
      type: event.type,
      timestamp: event.timestamp,
      data: event.data,
    } as AnyJarvisEvent) as EventOf<T>;
  }

  #deliver(event: AnyJarvisEvent): AnyJarvisEvent {
    const streams = this.#typedStreams === 0 ? this.#everyone : this.#streamsOf(event.type);
    if (this.#history !== undefined) this.#record(event);
    this.#emitter.emit(event.type, event);
    for (let i = 0; i < streams.length; i++) streams[i]?.next(event);
    return event;
  }

  #streamsOf(type: string): readonly Subscriber<AnyJarvisEvent>[] {
    let subscribers = this.#streamsOfType.get(type);
    if (subscribers === undefined) {
      subscribers = this.#streams
        .filter((entry) => entry.types === undefined || entry.types.has(type))
        .map((entry) => entry.subscriber);
      this.#streamsOfType.set(type, subscribers);
    }
    return subscribers;
  }

  #addStream(
    subscriber: Subscriber<AnyJarvisEvent>,
    types: ReadonlySet<string> | undefined,
  ): () => void {
    const entry: StreamEntry = { subscriber, types };
    this.#setStreams([...this.#streams, entry]);
    return () => this.#setStreams(this.#streams.filter((other) => other !== entry));
  }

  #setStreams(streams: readonly StreamEntry[]): void {
    this.#streams = streams;
    this.#everyone = streams.map((entry) => entry.subscriber);
    this.#typedStreams = streams.filter((entry) => entry.types !== undefined).length;
    this.#streamsOfType.clear();
  }

  /**
   * Calls `listener` for every event of `type`. Subscribing the same listener to
   * the same type twice has no further effect. Returns a function that unsubscribes.
   */
  subscribe<T extends EventName>(type: T, listener: EventListener<T>): () => void {
    let forType = this.#entries.get(type);
    if (forType === undefined) {
      forType = new Map();
      this.#entries.set(type, forType);
    }
    const key = listener as EventListener<never>;
    if (!forType.has(key)) {
      const entry: ListenerEntry = { listener: key, onError: this.#onListenerError, active: true };
      forType.set(key, entry);
      this.#emitter.on(type, deliverToListener, entry);
    }
    return () => this.unsubscribe(type, listener);
  }

  /** Removes `listener` from `type`. Unsubscribing a listener that is not subscribed does nothing. */
  unsubscribe<T extends EventName>(type: T, listener: EventListener<T>): void {
    const forType = this.#entries.get(type);
    const key = listener as EventListener<never>;
    const entry = forType?.get(key);
    if (forType === undefined || entry === undefined) return;
    entry.active = false;
    forType.delete(key);
    this.#emitter.off(type, deliverToListener, entry);
  }

  /** The events of the given types, as an Observable. */
  on$<const T extends readonly EventName[]>(...types: T): Observable<EventOf<T[number]>> {
    return new Observable<EventOf<T[number]>>((subscriber) => {
      // The subscriber's own `next` with the subscriber as context, rather
      // than a closure around it: one call less per event.
      const unique = [...new Set(types)];
      for (const type of unique) this.#emitter.on(type, subscriber.next, subscriber);
      return () => {
        for (const type of unique) this.#emitter.off(type, subscriber.next, subscriber);
      };
    });
  }

  /** A copy of the recorded events, oldest first, at most `historyLimit` (empty unless `recordHistory`). */
  get history(): AnyJarvisEvent[] {
    const history = this.#history;
    if (history === undefined) return [];
    const excess = history.length - this.#historyLimit;
    return excess > 0 ? history.slice(excess) : history.slice();
  }

  clearHistory(): void {
    this.#history?.splice(0);
  }

  /** Number of listeners of `type` (subscribers and `on$` subscriptions). */
  listenerCount(type: EventName): number {
    return this.#emitter.listenerCount(type);
  }

  /** Removes every listener and ends no Observable: later publishes simply reach no one. */
  removeAllListeners(): void {
    for (const forType of this.#entries.values()) {
      for (const entry of forType.values()) entry.active = false;
    }
    this.#entries.clear();
    this.#emitter.removeAllListeners();
    this.#setStreams([]);
  }

  #record(event: AnyJarvisEvent): void {
    const history = this.#history as AnyJarvisEvent[];
    history.push(event);
    // Trim in batches so a full history does not shift the array on every publish.
    if (history.length > this.#historyLimit + Math.max(1, this.#historyLimit >> 4)) {
      history.splice(0, history.length - this.#historyLimit);
    }
  }

  #reportListenerError(error: unknown, event: AnyJarvisEvent): void {
    if (event.type === EventType.LISTENER_ERROR) {
      warn(`A listener of ${EventType.LISTENER_ERROR} threw`, error);
      return;
    }
    this.publish(EventType.LISTENER_ERROR, { error, eventType: event.type });
  }
}

function warn(what: string, error: unknown): void {
  process.emitWarning(`${what}: ${String(error)}`, 'EventBusWarning');
}
