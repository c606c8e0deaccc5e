/**
 * Why a request's own abort controller fired: the caller's signal, the wait for
 * the response headers running out, the idle timer, the engine's `close()`, or
 * the reader letting go of an unfinished body.
 */
export type ScopeEnd = 'caller' | 'headers' | 'idle' | 'closed' | 'released';

/**
 * The abort controller of one request, with a record of who aborted it, so a
 * failure can be reported as the caller's abort, an idle timeout or a closed
 * engine rather than as a generic network error.
 *
 * The caller's signal is followed with a listener (removed on `dispose`)
 * rather than `AbortSignal.any`, so no long-lived signal collects dependants.
 */
export class RequestScope {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #onCallerAbort = (): void => this.end('caller');
  #ended: ScopeEnd | undefined;

  constructor(caller: AbortSignal | undefined) {
    this.#caller = caller;
    if (caller === undefined) return;
    if (caller.aborted) this.end('caller');
    else caller.addEventListener('abort', this.#onCallerAbort, { once: true });
  }

  /** Passed to fetch: aborting it cancels the request and releases its socket. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get ended(): ScopeEnd | undefined {
    return this.#ended;
  }

  get callerReason(): unknown {
    return this.#caller?.reason;
  }

  /**
   * Waits for `pending` (the HTTP library's promise of the response headers)
   * until it settles, `timeoutMs` runs out, or the scope ends for any other
   * reason, whichever comes first. The bound is kept here rather than left to
   * the library: a library promise that never settles (ky 1.9 awaited the
   * cancel of a cloned request body that fetch never read) would otherwise
   * hold the caller forever. When the scope ends first, this rejects with the
   * signal's reason and `ended` says why; the library's request is aborted.
   */
  async bound<T>(pending: Promise<T>, timeoutMs: number): Promise<T> {
    const signal = this.#controller.signal;
    const timer = setTimeout(() => this.end('headers'), timeoutMs);
    let onEnd = (): void => {};
    const ended = new Promise<never>((_, reject) => {
      onEnd = () => reject(signal.reason);
      if (signal.aborted) onEnd();
      else signal.addEventListener('abort', onEnd, { once: true });
    });
    try {
      return await Promise.race([pending, ended]);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onEnd);
    }
  }

  end(why: ScopeEnd): void {
    if (this.#ended !== undefined) return;
    this.#ended = why;
    this.#controller.abort();
  }

  dispose(): void {
    this.#caller?.removeEventListener('abort', this.#onCallerAbort);
  }
}
