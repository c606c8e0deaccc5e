import type { AnyJarvisEvent } from '@openjarvis/core';
import { MalformedEventError } from './malformed-event-error.js';
import { type OpenSpan, OpenSpans } from './open-spans.js';
import { JarvisAttr } from './semconv.js';
import type { SpanSupport } from './span-support.js';

/**
 * The spans of one kind that a start event opens and an end event closes,
 * matched by a key (a run id, a call id, …). Written once for every span
 * family, since events may arrive doubled, alone or out of order:
 *
 * - a second start for a key still open ends the older span as interrupted,
 *   as does going over `maxOpenSpans` (the oldest goes);
 * - an end for a key that ended recently is a duplicate: reported to
 *   `onError`, and no span is touched;
 * - an end without a start gets a span started now, its start placed the
 *   event's duration before the end and marked `openjarvis.span.synthesized`.
 */
export class PairedSpans<E extends OpenSpan> {
  readonly #support: SpanSupport;
  readonly #open: OpenSpans<E>;

  constructor(support: SpanSupport) {
    this.#support = support;
    this.#open = new OpenSpans(support.options.maxOpenSpans, (entry) =>
      support.interrupt(entry, Date.now(), 'pushed out by a newer span of the same key or kind'),
    );
  }

  get size(): number {
    return this.#open.size;
  }

  get(key: string): E | undefined {
    return this.#open.get(key);
  }

  /** At a start event: `entry` is the span of `key` from now on. */
  open(key: string, entry: E): void {
    this.#open.open(key, entry);
  }

  /**
   * At an end event: the span it ends, taken out of the open ones, for the
   * caller to finish. `start(startMs)` starts one for an end without a start;
   * `durationMs` is what the event says the operation took (none: zero).
   * `undefined` for a duplicate end.
   */
  end(
    key: string,
    event: AnyJarvisEvent,
    durationMs: number | undefined,
    start: (startMs: number) => E,
  ): E | undefined {
    if (this.#open.isDuplicateEnd(key)) {
      this.#support.report(new MalformedEventError(event.type, 'duplicate end'), event);
      return undefined;
    }
    const entry = this.#open.take(key);
    if (entry !== undefined) return entry;
    const synthesized = start(event.timestamp - (durationMs ?? 0));
    synthesized.span.setAttribute(JarvisAttr.SYNTHESIZED, true);
    return synthesized;
  }

  /** Removes and returns the open spans whose key `matches`, oldest first. */
  takeWhere(matches: (key: string) => boolean): E[] {
    return this.#open.takeWhere(matches);
  }

  /** Removes and returns every open span, oldest first. */
  drain(): E[] {
    return this.#open.drain();
  }
}
