/** Reads the time for an event timestamp, in ms since the epoch. */
export type EventClock = () => number;

// A clock read (Date.now(), performance.now(), hrtime) costs 35–50 ns on Node
// 20, several times the rest of a publish. Events published back to back in one
// synchronous job are microseconds apart, below Date.now()'s 1 ms resolution,
// so up to this many of them share one reading.
const maxSharedReadings = 8;

let reading = 0;
let remaining = 0;
let expiryScheduled = false;

function expire(): void {
  remaining = 0;
  expiryScheduled = false;
}

/**
 * `Date.now()`, read at most once per 8 events of one synchronous job. The
 * shared reading expires with the job (a microtask), so an event published
 * later — after an `await`, a timer, I/O — always reads the clock afresh.
 */
export const coalescedClock: EventClock = () => {
  if (remaining > 0) {
    remaining--;
    return reading;
  }
  reading = Date.now();
  remaining = maxSharedReadings - 1;
  if (!expiryScheduled) {
    expiryScheduled = true;
    queueMicrotask(expire);
  }
  return reading;
};

/** `Date.now()` for every event. */
export const exactClock: EventClock = () => Date.now();
