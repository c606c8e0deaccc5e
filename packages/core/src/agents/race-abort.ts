import { AbortedError } from '../errors/run-errors.js';

/**
 * Settles like `promise`, or rejects with `AbortedError` as soon as `signal`
 * aborts, so a run honours its signal even when the awaited work does not.
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  operation: string,
): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError({ operation, reason: signal.reason }));
    if (signal.aborted) {
      onAbort();
      // The work may still settle later; its outcome is no longer anyone's concern.
      promise.catch(() => {});
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
