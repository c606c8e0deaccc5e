// What the workspace diff costs, on a workspace of 10,000 files, against a
// warm one-tool-call turn in the same run (real opencode, scripted model).
//   D1  the first snapshot (hashes every file; in a run it overlaps the server start)
//   D2  a warm snapshot + diff of a one-file change, alone
//   D3  a warm one-tool turn through run() with the diff vs the same turn without it, interleaved
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { formatSpread, interleave, median, pairedRatios, spread } from '@openjarvis/bench-stats';
import { markerScript, reply, startScriptedModelServer, turnScript } from '@openjarvis/testing';
import { resolveDiffOptions } from '../dist/workspace/diff-options.js';
import { WorkspaceTracker } from '../dist/workspace/workspace-tracker.js';

const dirs = 100;
const perDir = 100;
const workspace = mkdtempSync(join(tmpdir(), 'oj-bench-10k-'));
for (let d = 0; d < dirs; d++) {
  mkdirSync(join(workspace, `pkg${d}`));
  for (let f = 0; f < perDir; f++) {
    writeFileSync(
      join(workspace, `pkg${d}`, `file${f}.ts`),
      `export const value${f} = ${d * perDir + f};\n`,
    );
  }
}

const ms = (value) => `${value.toFixed(1)} ms`;

// D1, D2: the tracker alone.
const tracker = new WorkspaceTracker(workspace, resolveDiffOptions());
let t = performance.now();
const cold = await tracker.begin();
const d1 = performance.now() - t;
await cold.finish();
const warm = [];
for (let i = 0; i < 7; i++) {
  t = performance.now();
  const snapshot = await tracker.begin();
  writeFileSync(join(workspace, 'pkg0', 'file0.ts'), `export const value0 = ${i + 1_000};\n`);
  const diff = await snapshot.finish();
  warm.push(performance.now() - t);
  if (diff.totals.files !== 1)
    throw new Error(`expected one changed file, got ${diff.totals.files}`);
}
await tracker.close();

// D3: one-tool turns with and without the diff, same workspace, same model server.
const script = markerScript({
  '[[tool]]': turnScript([
    reply.toolCall('bash', {
      command: 'echo hi > pkg1/touched.txt',
      description: 'Write one file',
    }),
    reply.text('Wrote it.'),
  ]),
});
const model = await startScriptedModelServer({ script, modelId: 'local-model' });
const agentWith = (diff) =>
  new OpenCodeAgent(undefined, 'local-model', { providerBaseUrl: model.baseUrl, workspace, diff });
const withDiff = agentWith(undefined);
const withoutDiff = agentWith(false);
const check = (result, expectDiff) => {
  if (result.metadata.error) throw new Error(`run failed: ${result.content}`);
  if (expectDiff && result.metadata.diff?.totals.files !== 1)
    throw new Error(
      `expected a one-file diff, got ${JSON.stringify(result.metadata.diff?.totals)}`,
    );
};
t = performance.now();
check(await withDiff.run('warm [[tool]]'), false);
const firstWith = performance.now() - t;
t = performance.now();
check(await withoutDiff.run('warm [[tool]]'), false);
const firstWithout = performance.now() - t;
const rounds = 12;
const turn = (agent, expectDiff) => async (i) => {
  rmSync(join(workspace, 'pkg1', 'touched.txt'), { force: true });
  const start = performance.now();
  check(await agent.run(`turn ${i} [[tool]]`), expectDiff);
  return performance.now() - start;
};
const turns = await interleave(
  [
    { name: 'with', measure: turn(withDiff, true) },
    { name: 'without', measure: turn(withoutDiff, false) },
  ],
  { rounds },
);
const on = turns.get('with');
const off = turns.get('without');
await withDiff.close();
await withoutDiff.close();
await model.close();
rmSync(workspace, { recursive: true, force: true });

console.log(
  `Workspace diff benchmark (${dirs * perDir} files, real git, real opencode, scripted model)`,
);
console.log(
  `D1 first snapshot (hashes every file): ${ms(d1)}; first run with the diff ${ms(firstWith)} vs without ${ms(firstWithout)} (the snapshot overlaps the server start)`,
);
console.log(`D2 warm snapshot + diff of a one-file change: ${formatSpread(spread(warm), ms)}`);
console.log(
  `D3 one-tool turn: with the diff ${formatSpread(spread(on), ms)} vs without ${formatSpread(spread(off), ms)}, interleaved -> ${formatSpread(spread(pairedRatios(on, off)))} per pair, the diff ${((100 * (median(on) - median(off))) / median(on)).toFixed(0)}% of the turn`,
);
