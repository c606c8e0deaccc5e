import { filter, type OperatorFunction } from 'rxjs';
import type { AnyJarvisEvent, EventName, EventOf } from './jarvis-event.js';

/**
 * Lets through the events of the given types, narrowing their payload type.
 *
 * ```ts
 * bus.events$.pipe(ofType('tool_call_end')).subscribe((e) => e.data.durationMs);
 * ```
 */
export function ofType<const T extends readonly EventName[]>(
  ...types: T
): OperatorFunction<AnyJarvisEvent, EventOf<T[number]>> {
  const wanted = new Set<string>(types);
  return filter((event): event is EventOf<T[number]> => wanted.has(event.type));
}
