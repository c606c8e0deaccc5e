/**
 * Notices a turn that has stopped making progress: an engine that accepted the
 * request and never answers, or stopped mid-reply with the connection open.
 * opencode itself waits 300 s for headers and between chunks, and the run's own
 * limit is longer still, so without this such a run is held for minutes.
 *
 * Progress is what the turn can observe of the session: any of its events
 * (status changes, message and part updates, text deltas). Silence does not
 * count while opencode is busy with something other than the engine, which
 * `hold` marks: a tool running (a quiet `sleep 60` is not a stall) or a
 * permission question pending. Both have bounds of their own.
 */
export class StallWatch {
  readonly #timeoutMs: number;
  readonly #onStall: (silentMs: number) => void;
  readonly #holds = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #quietUntil = 0;

  /** `timeoutMs` that is not a finite positive number turns the watch off. */
  constructor(timeoutMs: number, onStall: (silentMs: number) => void) {
    this.#timeoutMs = timeoutMs;
    this.#onStall = onStall;
  }

  /** Starts counting silence; later calls (and calls after `stop`) do nothing. */
  start(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    if (!(this.#timeoutMs > 0 && Number.isFinite(this.#timeoutMs))) return;
    this.#timer = setTimeout(() => this.#check(), this.#timeoutMs);
  }

  /**
   * Something happened: the silence starts over. `quietUntil` (epoch ms), when
   * given, is a moment before which silence is expected, e.g. opencode's next
   * retry of a failed engine request.
   */
  progress(quietUntil?: number): void {
    if (quietUntil !== undefined) this.#quietUntil = Math.max(this.#quietUntil, quietUntil);
    this.#timer?.refresh();
  }

  /** opencode is busy with `key` (a tool call, a permission question) until `release(key)`. */
  hold(key: string): void {
    this.#holds.add(key);
  }

  release(key: string): void {
    if (this.#holds.delete(key)) this.progress();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #check(): void {
    if (this.#timer === undefined) return;
    const waitMore = this.#quietUntil - Date.now();
    if (this.#holds.size > 0 || waitMore > 0) {
      // Count a full silence again from now, or from the expected moment.
      this.#timer = setTimeout(() => this.#check(), Math.max(0, waitMore) + this.#timeoutMs);
      return;
    }
    this.#timer = undefined;
    this.#onStall(this.#timeoutMs);
  }
}
