/**
 * Undoes what a scope set up (timers, listeners, subscriptions), last first,
 * when the scope is left: `using scope = new Disposer()`. A small stand-in for
 * `DisposableStack`, which Node 20 does not have.
 */
export class Disposer implements Disposable {
  readonly #undo: Array<() => void> = [];
  #disposed = false;

  /** Runs `undo` when the scope is left, or at once if it was. */
  defer(undo: () => void): void {
    if (this.#disposed) undo();
    else this.#undo.push(undo);
  }

  /** Runs every undo, even after one throws; then throws the first error. */
  [Symbol.dispose](): void {
    this.#disposed = true;
    const failures: unknown[] = [];
    for (const undo of this.#undo.splice(0).reverse()) {
      try {
        undo();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}
