import { filter, type Observable, type OperatorFunction } from 'rxjs';
import type { AnyJarvisEvent, EventName, EventOf } from './jarvis-event.js';
import { typeSelectorOf } from './typed-streams.js';

/**
 * Lets through the events of the given types, narrowing their payload type.
 *
 * ```ts
 * bus.events$.pipe(ofType('tool_call_end')).subscribe((e) => e.data.durationMs);
 * ```
 *
 * Applied directly to a bus's `events$`, it costs what `subscribe(type)`
 * costs: the bus hands the subscriber only the events of its types, instead
 * of every event to a filter. On any other stream it filters.
 */
export function ofType<const T extends readonly EventName[]>(
  ...types: T
): OperatorFunction<AnyJarvisEvent, EventOf<T[number]>> {
  const wanted = new Set<string>(types);
  const filtering = filter((event: AnyJarvisEvent): event is EventOf<T[number]> =>
    wanted.has(event.type),
  );
  return (source) => {
    const select = typeSelectorOf(source);
    if (select === undefined) return filtering(source);
    // The selector delivers only events whose type is in `wanted`: what the
    // filter's type guard would have established.
    return select(wanted) as Observable<EventOf<T[number]>>;
  };
}
