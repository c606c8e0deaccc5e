// Throughput of EventBus.publish against raw eventemitter3, in one process.
// Runs against dist/ (turbo builds first). Rounds interleave the scenarios, in
// a rotating order, so that drift in CPU speed hits all of them alike.
import { EventEmitter } from 'eventemitter3';
import { EventBus, exactClock } from '../dist/index.js';

const eventsPerRound = Number(process.env.BENCH_EVENTS ?? 200_000);
const warmupRounds = Number(process.env.BENCH_WARMUP ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const target = 0.3;

const data = { agent: 'bench', runId: 'run_bench', status: 'retrying', attempt: 1 };
let sink = 0;

function rawEmitter() {
  const emitter = new EventEmitter();
  emitter.on('agent_status', (payload) => {
    sink += payload.attempt;
  });
  return () => {
    for (let i = 0; i < eventsPerRound; i++) emitter.emit('agent_status', data);
  };
}

function publishToEvents$() {
  const bus = new EventBus();
  bus.events$.subscribe((event) => {
    sink += event.data.attempt;
  });
  return () => {
    for (let i = 0; i < eventsPerRound; i++) bus.publish('agent_status', data);
  };
}

function publishToEvents$ExactClock() {
  const bus = new EventBus({ clock: exactClock });
  bus.events$.subscribe((event) => {
    sink += event.data.attempt;
  });
  return () => {
    for (let i = 0; i < eventsPerRound; i++) bus.publish('agent_status', data);
  };
}

function publishToSubscribe() {
  const bus = new EventBus();
  bus.subscribe('agent_status', (event) => {
    sink += event.data.attempt;
  });
  return () => {
    for (let i = 0; i < eventsPerRound; i++) bus.publish('agent_status', data);
  };
}

// Not a scenario to compare but the floor under publish: every event reads the clock.
function clockReads() {
  return () => {
    for (let i = 0; i < eventsPerRound; i++) sink += Date.now() & 1;
  };
}

const scenarios = [
  { name: 'raw eventemitter3 emit → 1 listener', run: rawEmitter(), rates: [] },
  { name: 'publish → 1 events$ subscriber', run: publishToEvents$(), rates: [] },
  { name: 'publish → 1 subscribe listener', run: publishToSubscribe(), rates: [] },
  {
    name: 'publish (exactClock) → 1 events$ subscriber',
    run: publishToEvents$ExactClock(),
    rates: [],
  },
  { name: 'reference: Date.now() alone', run: clockReads(), rates: [] },
];

function measure(run) {
  const began = process.hrtime.bigint();
  run();
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  return eventsPerRound / seconds;
}

for (let round = 0; round < warmupRounds + rounds; round++) {
  for (let k = 0; k < scenarios.length; k++) {
    const scenario = scenarios[(round + k) % scenarios.length];
    const rate = measure(scenario.run);
    if (round >= warmupRounds) scenario.rates.push(rate);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const eventsPerSecond = (rate) =>
  `${Math.round(rate).toLocaleString('en-US').padStart(12)} events/s`;
const nanoseconds = (rate, unit = 'event') => `${(1e9 / rate).toFixed(1).padStart(6)} ns/${unit}`;

const [raw, viaEvents$, viaSubscribe, viaExact, clock] = scenarios.map((s) => ({
  ...s,
  median: median(s.rates),
}));
const width = Math.max(...scenarios.map((s) => s.name.length));
const ratio = (s) => s.median / raw.median;
const line = (s, extra = '') =>
  `${s.name.padEnd(width)}  ${eventsPerSecond(s.median)}  ${nanoseconds(s.median)}${extra}`;
const verdict = ratio(viaEvents$) >= target ? 'met' : 'not met';

console.log(
  `EventBus benchmark: Node ${process.version}, ${eventsPerRound.toLocaleString('en-US')} events per round, ` +
    `${warmupRounds} warm-up + ${rounds} measured rounds, medians`,
);
console.log(line(raw));
console.log(
  line(
    viaEvents$,
    `  ${ratio(viaEvents$).toFixed(2)}× raw (target ≥ ${target.toFixed(2)}×: ${verdict})`,
  ),
);
console.log(line(viaSubscribe, `  ${ratio(viaSubscribe).toFixed(2)}× raw`));
console.log(line(viaExact, `  ${ratio(viaExact).toFixed(2)}× raw (a Date.now() read per event)`));
console.log(`${clock.name.padEnd(width)}  ${' '.repeat(21)}  ${nanoseconds(clock.median, 'call')}`);
if (sink === 0) throw new Error('no event was delivered');
