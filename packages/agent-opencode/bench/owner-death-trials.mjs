// Repeats the owner-death trials of src/owner-death.e2e.test.ts: for each way
// the owning process can die (and close() for comparison), N trials with a
// bash-tool command running, interleaved; prints the trials that left a
// process or the private config directory behind.
//   node bench/owner-death-trials.mjs [N] [parallel]   (defaults 20 and 3; `pnpm build` first)
// Trials run `parallel` at a time (each has its own marker, model and owner).
// OPENJARVIS_OPENCODE_ISOLATION=supervisor|off shows the weaker levels.
import { processIsolation } from '../dist/server/process-isolation.js';
import { ownerDeathTrial, waysOfDying } from '../dist/test-support/owner-death.js';

const trials = Number(process.argv[2] ?? 20);
const parallel = Number(process.argv[3] ?? 3);
const ways = [...waysOfDying, 'close()'];
const tally = new Map(ways.map((way) => [way, { survivors: 0, scratch: 0, examples: [] }]));
// Interleaved: trial i of every way before trial i + 1 of any.
const queue = Array.from({ length: trials }, () => ways).flat();
let done = 0;
async function worker() {
  for (let way = queue.shift(); way !== undefined; way = queue.shift()) {
    const trial = await ownerDeathTrial(way);
    const row = tally.get(way);
    if (trial.markedBefore !== 2) throw new Error(`${way}: the tool command did not start`);
    if (trial.survivors.length > 0) {
      row.survivors++;
      if (row.examples.length < 2) row.examples.push(...trial.survivors);
    }
    if (trial.scratchRemains) row.scratch++;
    process.stderr.write(`${++done}/${trials * ways.length} trials done\n`);
  }
}
await Promise.all(Array.from({ length: parallel }, worker));
console.log(`owner death while a bash-tool command runs (isolation: ${processIsolation().level})`);
for (const [way, row] of tally) {
  console.log(
    `${way.padEnd(20)} trials with survivors ${row.survivors}/${trials}, config directory left ${row.scratch}/${trials}${row.examples.length > 0 ? `  e.g. ${row.examples.join('; ')}` : ''}`,
  );
}
