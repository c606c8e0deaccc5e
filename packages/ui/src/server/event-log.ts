/** One event as sent to pages: its sequence number and its JSON text. */
export interface LoggedEvent {
  readonly id: number;
  readonly json: string;
}

/**
 * The events the server has seen, numbered from 1, so a page that connects
 * late (or reconnects with `Last-Event-ID`) is sent what it missed. Keeps at
 * most `limit` events; the oldest are dropped first and counted.
 */
export class EventLog {
  readonly #entries: LoggedEvent[] = [];
  readonly #limit: number;
  #nextId = 1;
  #dropped = 0;

  constructor(limit: number) {
    if (!(Number.isInteger(limit) && limit > 0)) {
      throw new RangeError(`maxEvents must be a positive integer, got ${limit}`);
    }
    this.#limit = limit;
  }

  append(json: string): LoggedEvent {
    const entry = { id: this.#nextId++, json };
    this.#entries.push(entry);
    // Trim in batches so a full log does not shift the array on every event.
    if (this.#entries.length > this.#limit + Math.max(1, this.#limit >> 4)) {
      const excess = this.#entries.length - this.#limit;
      this.#entries.splice(0, excess);
      this.#dropped += excess;
    }
    return entry;
  }

  /** The events after `lastId` (all of them for 0), oldest first, at most the limit. */
  since(lastId: number): LoggedEvent[] {
    const entries = this.#entries;
    const firstKept = Math.max(0, entries.length - this.#limit);
    const first = entries[firstKept];
    if (first === undefined) return [];
    const start = Math.max(firstKept, lastId - first.id + 1 + firstKept);
    return entries.slice(start);
  }

  /** How many events were dropped to stay within the limit. */
  get dropped(): number {
    return this.#dropped + Math.max(0, this.#entries.length - this.#limit);
  }
}
