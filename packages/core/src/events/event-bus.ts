import { EventEmitter } from 'eventemitter3';
import { Observable } from 'rxjs';
import type { EventPayloads } from './event-payloads.js';
import { EventType } from './event-type.js';
import type { AnyJarvisEvent, EventListener, EventName, EventOf } from './jarvis-event.js';

export interface EventBusOptions {
  /**
   * Keep published events in `history`.
   * @default false
   */
  recordHistory?: boolean;
  /**
   * How many events `history` keeps; the oldest are dropped first.
   * @default 10_000
   */
  historyLimit?: number;
  /**
   * Called when a listener throws. Delivery to the other listeners and the
   * publisher are never affected.
   * @default publishes a `listener_error` event; if a listener of that event
   * throws too, a process warning is emitted instead (no loop).
   */
  onListenerError?: (error: unknown, event: AnyJarvisEvent) => void;
}

/** `publish`'s data argument: optional only for events whose payload may be undefined. */
export type PublishArgs<T extends EventName> = undefined extends EventPayloads[T]
  ? [data?: EventPayloads[T]]
  : [data: EventPayloads[T]];

const everyEvent = Symbol('every event');
const defaultHistoryLimit = 10_000;

type Delivery = (event: AnyJarvisEvent) => void;

/**
 * A synchronous, typed publish/subscribe bus. eventemitter3 does the delivery;
 * `events$` and `on$` expose the same events as RxJS Observables.
 *
 * Listeners are called in subscription order, synchronously inside `publish`.
 * A listener added or removed while an event is being delivered takes effect
 * from the next `publish`.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();
  readonly #deliveries = new Map<EventName, Map<EventListener<never>, Delivery>>();
  readonly #history: AnyJarvisEvent[] | undefined;
  readonly #historyLimit: number;
  readonly #onListenerError: (error: unknown, event: AnyJarvisEvent) => void;

  /** Every event published on this bus, from subscription on. */
  readonly events$: Observable<AnyJarvisEvent>;

  constructor(options: EventBusOptions = {}) {
    this.#history = options.recordHistory ? [] : undefined;
    this.#historyLimit = options.historyLimit ?? defaultHistoryLimit;
    this.#onListenerError =
      options.onListenerError ?? ((error, event) => this.#reportListenerError(error, event));
    this.events$ = new Observable<AnyJarvisEvent>((subscriber) => {
      const deliver = (event: AnyJarvisEvent) => subscriber.next(event);
      this.#emitter.on(everyEvent, deliver);
      return () => {
        this.#emitter.off(everyEvent, deliver);
      };
    });
  }

  /** Publishes an event to every listener of its type and to `events$`, and returns it. */
  publish<T extends EventName>(type: T, ...[data]: PublishArgs<T>): EventOf<T> {
    const event = { type, timestamp: Date.now(), data } as AnyJarvisEvent;
    if (this.#history !== undefined) this.#record(event);
    this.#emitter.emit(type, event);
    this.#emitter.emit(everyEvent, event);
    return event as EventOf<T>;
  }

  /**
   * Delivers an event that already has its timestamp (a recorded event being
   * replayed) exactly as `publish` would deliver a new one.
   */
  republish<T extends EventName>(event: EventOf<T>): EventOf<T> {
    const copy = {
      type: event.type,
      timestamp: event.timestamp,
      data: event.data,
    } as AnyJarvisEvent;
    if (this.#history !== undefined) this.#record(copy);
    this.#emitter.emit(copy.type, copy);
    this.#emitter.emit(everyEvent, copy);
    return copy as EventOf<T>;
  }

  /**
   * Calls `listener` for every event of `type`. Subscribing the same listener to
   * the same type twice has no further effect. Returns a function that unsubscribes.
   */
  subscribe<T extends EventName>(type: T, listener: EventListener<T>): () => void {
    let forType = this.#deliveries.get(type);
    if (forType === undefined) {
      forType = new Map();
      this.#deliveries.set(type, forType);
    }
    const key = listener as EventListener<never>;
    if (!forType.has(key)) {
      const delivery: Delivery = (event) => {
        try {
          listener(event as EventOf<T>);
        } catch (error) {
          this.#onListenerError(error, event);
        }
      };
      forType.set(key, delivery);
      this.#emitter.on(type, delivery);
    }
    return () => this.unsubscribe(type, listener);
  }

  /** Removes `listener` from `type`. Unsubscribing a listener that is not subscribed does nothing. */
  unsubscribe<T extends EventName>(type: T, listener: EventListener<T>): void {
    const forType = this.#deliveries.get(type);
    const key = listener as EventListener<never>;
    const delivery = forType?.get(key);
    if (forType === undefined || delivery === undefined) return;
    forType.delete(key);
    this.#emitter.off(type, delivery);
  }

  /** The events of the given types, as an Observable. */
  on$<const T extends readonly EventName[]>(...types: T): Observable<EventOf<T[number]>> {
    return new Observable<EventOf<T[number]>>((subscriber) => {
      const deliver = (event: EventOf<T[number]>) => subscriber.next(event);
      const unique = [...new Set(types)];
      for (const type of unique) this.#emitter.on(type, deliver);
      return () => {
        for (const type of unique) this.#emitter.off(type, deliver);
      };
    });
  }

  /** A copy of the recorded events, oldest first (empty unless `recordHistory`). */
  get history(): AnyJarvisEvent[] {
    return this.#history === undefined ? [] : [...this.#history];
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
    this.#emitter.removeAllListeners();
    this.#deliveries.clear();
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
      process.emitWarning(
        `A listener of ${EventType.LISTENER_ERROR} threw: ${String(error)}`,
        'EventBusWarning',
      );
      return;
    }
    this.publish(EventType.LISTENER_ERROR, { error, eventType: event.type });
  }
}
