import type { Span } from '@opentelemetry/api';

export interface OpenSpan {
  readonly span: Span;
  /** Start time, ms since the epoch. */
  readonly startMs: number;
}

/** Keys of spans recently ended, kept to tell a duplicate end from an end without start. */
const endedMemory = 1024;

/**
 * The open spans of one kind, by correlation key. Insertion order doubles as
 * age, so the oldest entry is the first one of the map.
 */
export class OpenSpans<E extends OpenSpan> {
  readonly #open = new Map<string, E>();
  readonly #ended = new Set<string>();
  readonly #capacity: number;
  readonly #interrupt: (entry: E) => void;

  /** `interrupt` ends an entry pushed out by a newer one or by the capacity. */
  constructor(capacity: number, interrupt: (entry: E) => void) {
    this.#capacity = Math.max(1, capacity);
    this.#interrupt = interrupt;
  }

  get size(): number {
    return this.#open.size;
  }

  get(key: string): E | undefined {
    return this.#open.get(key);
  }

  open(key: string, entry: E): void {
    const previous = this.#open.get(key);
    if (previous !== undefined) {
      this.#open.delete(key);
      this.#interrupt(previous);
    }
    this.#ended.delete(key);
    this.#open.set(key, entry);
    if (this.#open.size > this.#capacity) {
      const [oldestKey, oldest] = this.#open.entries().next().value as [string, E];
      this.#open.delete(oldestKey);
      this.#interrupt(oldest);
    }
  }

  /** Removes and returns the entry, remembering that `key` has ended. */
  take(key: string): E | undefined {
    const entry = this.#open.get(key);
    this.#open.delete(key);
    this.#remember(key);
    return entry;
  }

  /** True when `key` is not open but ended recently: another end for it is a duplicate. */
  isDuplicateEnd(key: string): boolean {
    return !this.#open.has(key) && this.#ended.has(key);
  }

  /** Removes and returns the entries whose key `matches`, oldest first. */
  takeWhere(matches: (key: string) => boolean): E[] {
    const taken: E[] = [];
    for (const [key, entry] of [...this.#open]) {
      if (!matches(key)) continue;
      this.#open.delete(key);
      this.#remember(key);
      taken.push(entry);
    }
    return taken;
  }

  /** Removes and returns every entry, oldest first. */
  drain(): E[] {
    const all = [...this.#open.values()];
    this.#open.clear();
    this.#ended.clear();
    return all;
  }

  #remember(key: string): void {
    this.#ended.add(key);
    if (this.#ended.size > endedMemory) {
      const oldest = this.#ended.values().next().value as string;
      this.#ended.delete(oldest);
    }
  }
}
