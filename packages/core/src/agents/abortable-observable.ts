import { Observable, type Subscriber } from 'rxjs';
import { AbortedError } from '../errors/run-errors.js';

/** What `abortableObservable`'s work returns: when it is over, and what to release then. */
export interface AbortableWork {
  settled: Promise<unknown>;
  release?: () => void;
}

/**
 * A cold Observable around a piece of work that runs under an AbortSignal:
 * subscribing starts it, the Observable completes (or errors) when it
 * settles, and unsubscribing first aborts it. `outer`, when given, aborts it
 * too.
 */
export function abortableObservable<T>(
  outer: AbortSignal | undefined,
  operation: string,
  start: (subscriber: Subscriber<T>, signal: AbortSignal) => AbortableWork,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    const forwardAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) controller.abort(outer.reason);
    else outer?.addEventListener('abort', forwardAbort, { once: true });
    let settled = false;
    const work = start(subscriber, controller.signal);
    const finish = () => {
      settled = true;
      work.release?.();
      outer?.removeEventListener('abort', forwardAbort);
    };
    work.settled.then(
      () => {
        finish();
        subscriber.complete();
      },
      (error: unknown) => {
        finish();
        subscriber.error(error);
      },
    );
    return () => {
      if (settled) return;
      finish();
      controller.abort(new AbortedError({ operation }));
    };
  });
}
