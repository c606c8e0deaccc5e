import { setTimeout as sleep } from 'node:timers/promises';
import type { EventBus, EventName, EventOf } from '@openjarvis/core';
import { type ReadJsonlOptions, readJsonl } from './read-jsonl.js';
import type { RecordedEvent } from './recorded-event.js';

export interface ReplayJsonlOptions extends ReadJsonlOptions {
  /**
   * Wait between events as long as between their recorded timestamps.
   * @default false
   */
  preserveTiming?: boolean;
  /**
   * With `preserveTiming`, how much faster than recorded to replay (2 halves
   * every wait).
   * @default 1
   */
  speed?: number;
  /**
   * Which timestamp the republished events carry: the recorded one, or the
   * time of the replay (as a fresh `publish` would).
   * @default 'recorded'
   */
  timestamps?: 'recorded' | 'replay';
  /**
   * Republish only events of these types.
   * @default every event
   */
  types?: readonly string[];
  /**
   * Stops the replay; the promise then rejects with an AbortError.
   * @default none
   */
  signal?: AbortSignal;
}

export interface ReplaySummary {
  /** Events published into the bus. */
  published: number;
}

/**
 * Republishes the events of a JSONL recording into `bus`, in file order.
 * Listeners see the recorded (redacted) payloads; event types unknown to
 * this build are published as they are.
 */
export async function replayJsonl(
  path: string,
  bus: EventBus,
  options: ReplayJsonlOptions = {},
): Promise<ReplaySummary> {
  const { preserveTiming = false, speed = 1, timestamps = 'recorded', signal } = options;
  if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
  const wanted = options.types === undefined ? undefined : new Set(options.types);
  const readOptions: ReadJsonlOptions = {};
  if (options.skipMalformed !== undefined) readOptions.skipMalformed = options.skipMalformed;
  if (options.onMalformed !== undefined) readOptions.onMalformed = options.onMalformed;

  let published = 0;
  let previous: number | undefined;
  signal?.throwIfAborted();
  for await (const event of readJsonl(path, readOptions)) {
    if (wanted !== undefined && !wanted.has(event.type)) continue;
    if (preserveTiming && previous !== undefined && event.timestamp > previous) {
      await sleep((event.timestamp - previous) / speed, undefined, signal ? { signal } : {});
    }
    signal?.throwIfAborted();
    previous = event.timestamp;
    publish(bus, event, timestamps);
    published += 1;
  }
  return { published };
}

function publish(bus: EventBus, event: RecordedEvent, timestamps: 'recorded' | 'replay'): void {
  // A recording may hold any type and payload; the bus takes them as published.
  const replayed = event as EventOf<EventName>;
  if (timestamps === 'recorded') bus.republish(replayed);
  else bus.publish(replayed.type, replayed.data);
}
