import type { Observable } from 'rxjs';
import type { AnyJarvisEvent } from './jarvis-event.js';

/** Hands out a stream's events of the given types, without seeing the others. */
export type TypeSelector = (types: ReadonlySet<string>) => Observable<AnyJarvisEvent>;

// Streams that index their subscribers by event type (a bus's events$). Held
// weakly: a stream that nobody holds is gone with its bus. A WeakMap rather
// than a Symbol.for mark, so a second copy of this package never trusts a
// stream whose selector it did not write: `ofType` from that copy simply
// filters, which is slower and just as correct.
const selectors = new WeakMap<Observable<AnyJarvisEvent>, TypeSelector>();

/** Declares that `select(types)` delivers exactly the events of `stream` whose type is in `types`. */
export function registerTypeSelector(
  stream: Observable<AnyJarvisEvent>,
  select: TypeSelector,
): void {
  selectors.set(stream, select);
}

/** The type-indexed way to read `stream`'s events of some types, if it has one. */
export function typeSelectorOf(stream: Observable<AnyJarvisEvent>): TypeSelector | undefined {
  return selectors.get(stream);
}
