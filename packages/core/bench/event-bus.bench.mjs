// Cost of EventBus.publish, in one process, each figure against a baseline
// measured in the same rounds. Runs against dist/ (turbo builds first). Every
// section interleaves its arms, in an order rotating each round, so that drift
// in CPU speed hits all of them alike; figures are medians with their
// interquartile range over the measured rounds.
//   1. Clocks, in the two patterns events come in: a synchronous burst (a loop
//      of publishes) and one event per job (each publish in its own macrotask,
//      as when each event comes from its own network read).
//   2. Ten typed subscribers, each of another type or all of one type:
//      on$(type) and events$.pipe(ofType(type)) against subscribe(type).

import { cpuTimeNs, formatSpread, interleave, pairedRatios, spread } from '@openjarvis/bench-stats';
import { EventEmitter } from 'eventemitter3';
import { filter } from 'rxjs';
import { coalescedClock, EventBus, exactClock, ofType } from '../dist/index.js';

const eventsPerRound = Number(process.env.BENCH_EVENTS ?? 200_000);
const warmup = Number(process.env.BENCH_WARMUP ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
// One event per job is measured as the time of a job chain less that of the
// same chain of empty jobs: a difference of ~100 ns in ~1 µs jobs, so many
// short rounds, whose median shrugs off the rounds another process interrupted.
const jobsPerRound = Number(process.env.BENCH_JOBS ?? 10_000);
const jobRounds = Number(process.env.BENCH_JOB_ROUNDS ?? 61);
const target = 0.3;

const data = { agent: 'bench', runId: 'run_bench', status: 'retrying', attempt: 1 };
let sink = 0;
const count = (event) => {
  sink += event.data.attempt;
};

// Time is this process's CPU time, not wall time: the machine is shared.

/** ns per call of `publishOne`, called `eventsPerRound` times in one synchronous loop. */
function burst(publishOne) {
  return () => {
    const began = cpuTimeNs();
    for (let i = 0; i < eventsPerRound; i++) publishOne(i);
    return (cpuTimeNs() - began) / eventsPerRound;
  };
}

/** ns per job of a chain of `jobsPerRound` macrotasks (setImmediate), each calling `publishOne` once. */
function perJob(publishOne) {
  return () =>
    new Promise((resolve) => {
      let i = 0;
      const began = cpuTimeNs();
      const job = () => {
        publishOne(i);
        if (++i < jobsPerRound) setImmediate(job);
        else resolve((cpuTimeNs() - began) / jobsPerRound);
      };
      setImmediate(job);
    });
}

// performance.now() is relative to the process start; this is the epoch-based
// clock it gives, the other candidate beside Date.now().
const origin = performance.timeOrigin;
const clocks = [
  { name: 'exactClock (default): Date.now()', clock: exactClock },
  { name: 'coalescedClock', clock: coalescedClock },
  { name: 'performance.timeOrigin + now()', clock: () => origin + performance.now() },
];

// The floor: one emit of a ready-made event, no clock, no allocation.
function rawEmit() {
  const emitter = new EventEmitter();
  const event = { type: 'agent_status', timestamp: 0, data };
  emitter.on('agent_status', count);
  return () => emitter.emit('agent_status', event);
}

function publishWith(clock) {
  const bus = new EventBus({ clock });
  bus.events$.subscribe(count);
  return () => bus.publish('agent_status', data);
}

// Section 1: the clocks, burst and one event per job.
const clockArms = (pattern) => [
  { name: 'raw eventemitter3 emit', measure: pattern(rawEmit()) },
  ...clocks.map(({ name, clock }) => ({ name, measure: pattern(publishWith(clock)) })),
];
const burstArms = clockArms(burst);
const jobArms = [{ name: 'empty job', measure: perJob(() => {}) }, ...clockArms(perJob)];
const burstNs = await interleave(burstArms, { rounds, warmup });
const jobNs = await interleave(jobArms, { rounds: jobRounds, warmup });

// Section 2: ten typed subscribers.
const types = [
  'agent_status',
  'agent_turn_start',
  'agent_turn_end',
  'agent_error',
  'agent_text_delta',
  'tool_call_start',
  'tool_call_end',
  'inference_start',
  'inference_end',
  'listener_error',
];
// Each subscriber its own function: subscribe() would count one function twice as one.
const listener = () => (event) => count(event);
const subscriptionKinds = [
  { name: 'subscribe(type)', add: (bus, type) => bus.subscribe(type, listener()) },
  { name: 'on$(type)', add: (bus, type) => bus.on$(type).subscribe(listener()) },
  {
    name: 'events$.pipe(ofType(type))',
    add: (bus, type) => bus.events$.pipe(ofType(type)).subscribe(listener()),
  },
  {
    // What ofType on events$ did before the bus indexed it: every subscriber sees every event.
    name: 'events$.pipe(filter(type))',
    add: (bus, type) =>
      bus.events$.pipe(filter((event) => event.type === type)).subscribe(listener()),
  },
];
function tenSubscribers(kind, sameType) {
  const bus = new EventBus();
  for (const type of types) kind.add(bus, sameType ? types[0] : type);
  return burst((i) => bus.publish(sameType ? types[0] : types[i % types.length], data));
}
const subscriberNs = new Map();
for (const sameType of [false, true]) {
  const arms = subscriptionKinds.map((kind) => ({
    name: kind.name,
    measure: tenSubscribers(kind, sameType),
  }));
  subscriberNs.set(sameType, await interleave(arms, { rounds, warmup }));
}
if (sink === 0) throw new Error('no event was delivered');

// Report.
const ns = (value) => `${value.toFixed(1)} ns`;
const times = (value) => `${value.toFixed(2)}×`;
const row = (name, values) => `  ${name.padEnd(34)} ${formatSpread(spread(values), ns)}`;
/** Each round's value over the baseline's of the same round. */
const ratio = (values, baseline) => formatSpread(spread(pairedRatios(values, baseline)), times);

console.log(
  `EventBus benchmark: Node ${process.version}; arms interleaved in rotating order, ${warmup} warm-up rounds each; median (IQR, n measured rounds)`,
);

const raw = burstNs.get('raw eventemitter3 emit');
const exact = burstNs.get(clocks[0].name);
const speed = spread(pairedRatios(raw, exact)).median;
console.log(
  `\n1a. Burst: ${eventsPerRound.toLocaleString('en-US')} publishes in one synchronous loop, one events$ subscriber; ns per event, time against exactClock's`,
);
for (const name of burstNs.keys()) {
  const values = burstNs.get(name);
  console.log(`${row(name, values)}  ${ratio(values, exact)}`);
}
console.log(
  `  publish with the default clock runs at ${speed.toFixed(2)}× raw emit's speed (target ≥ ${target}×: ${speed >= target ? 'met' : 'not met'})`,
);

const empty = jobNs.get('empty job');
const net = (name) => jobNs.get(name).map((value, i) => value - empty[i]);
const exactNet = net(clocks[0].name);
console.log(
  `\n1b. One event per job: ${jobsPerRound.toLocaleString('en-US')} setImmediate jobs publishing one event each; ns per event above an empty job (${ns(spread(empty).median)}), time against exactClock's`,
);
for (const name of jobNs.keys()) {
  if (name === 'empty job') continue;
  console.log(`${row(name, net(name))}  ${ratio(net(name), exactNet)}`);
}

for (const [sameType, results] of subscriberNs) {
  const baseline = results.get('subscribe(type)');
  console.log(
    `\n2${sameType ? 'b' : 'a'}. Ten subscribers ${sameType ? 'all of one type, publishes of that type' : 'each of another type, publishes cycling through the ten types'}; ns per publish, time against subscribe(type)'s`,
  );
  for (const kind of subscriptionKinds) {
    const values = results.get(kind.name);
    console.log(`${row(kind.name, values)}  ${ratio(values, baseline)}`);
  }
}
