/** Reads the time for an event timestamp, in ms since the epoch. */
export type EventClock = () => number;

// A clock read (Date.now(), performance.now(), hrtime) costs 35–60 ns on Node
// 20, several times the rest of a publish. Events published back to back in one
// synchronous job are microseconds apart, below Date.now()'s 1 ms resolution,
// so up to this many of them can share one reading. The sharing has its own
// price: expiring the reading at the end of the job takes a microtask, which
// costs more than the read it saves unless several events share it. Events
// that each come from their own network read (the usual case for agents) pay
// that price every time, so `exactClock` is the bus's default and this clock is
// for publishers of synchronous bursts; the benchmark measures both patterns.
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
 * Faster than `exactClock` only for bursts of events published back to back;
 * slower for events published one per job.
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

/** `Date.now()` for every event: the bus's default. */
export const exactClock: EventClock = () => Date.now();
