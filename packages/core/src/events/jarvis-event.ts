import type { EventPayloads } from './event-payloads.js';

export type EventName = keyof EventPayloads & string;

/** One event: its type, when it was published (ms since epoch) and its payload. */
export interface JarvisEvent<T extends EventName = EventName> {
  readonly type: T;
  readonly timestamp: number;
  readonly data: EventPayloads[T];
}

/** The union of every event, discriminated by `type`, so `data` narrows on a type check. */
export type AnyJarvisEvent = { [K in EventName]: JarvisEvent<K> }[EventName];

/** The events of the given type names, as a discriminated union. */
export type EventOf<T extends EventName> = T extends EventName ? JarvisEvent<T> : never;

/** Event types that are emitted by agent runs (their payload has `agent` and `runId`). */
export type AgentEventName = {
  [K in EventName]: EventPayloads[K] extends { agent: string; runId: string } ? K : never;
}[EventName];

export type AgentEvent = EventOf<AgentEventName>;

export type EventListener<T extends EventName = EventName> = (event: EventOf<T>) => void;
