/**
 * Why a request's own abort controller fired: the caller's signal, the idle
 * timer, the engine's `close()`, or the reader letting go of an unfinished body.
 */
export type ScopeEnd = 'caller' | 'idle' | 'closed' | 'released';

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

  end(why: ScopeEnd): void {
    if (this.#ended !== undefined) return;
    this.#ended = why;
    this.#controller.abort();
  }

  dispose(): void {
    this.#caller?.removeEventListener('abort', this.#onCallerAbort);
  }
}
