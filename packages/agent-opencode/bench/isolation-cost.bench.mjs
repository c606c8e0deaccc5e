// What the supervisor and its PID namespace cost, against opencode started
// directly (isolation "off", what macOS and Windows get): time of a first run
// (it includes the server start) and the memory of the extra processes
// (supervisor and unshare; RSS, and PSS, which shares Node's code pages
// fairly), and, since a first run on a loaded machine is noisy, the time to
// launch and end a trivial command (`true`) at each level, which isolates
// what the supervisor adds. Levels interleaved in rotating order, repeated;
// medians.
//   node bench/isolation-cost.bench.mjs [rounds]   (default 5)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { median, rotation } from '@openjarvis/bench-stats';
import { markerScript, reply, startScriptedModelServer, turnScript } from '@openjarvis/testing';
import { processIsolation } from '../dist/server/process-isolation.js';
import { descendantsOf } from '../dist/server/process-tree.js';
import { launchServer } from '../dist/server/server-launch.js';
import { tempWorkspace } from '../dist/test-support/harness.js';

const rounds = Number(process.argv[2] ?? 5);
const levels = ['off', 'supervisor', processIsolation().level].filter(
  (level, index, all) => all.indexOf(level) === index,
);
const model = await startScriptedModelServer({
  script: markerScript({ '[[text]]': turnScript([reply.text('hi')]) }),
  modelId: 'local-model',
});
const workspace = tempWorkspace();
const kib = (pid, file, field) => {
  try {
    const line = readFileSync(`/proc/${pid}/${file}`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return Number(line?.split(/\s+/)[1] ?? 0);
  } catch {
    return 0;
  }
};

const figures = new Map(levels.map((level) => [level, { firstRun: [], rss: [], pss: [] }]));
for (let round = 0; round < rounds; round++) {
  for (const level of rotation(levels, round)) {
    process.env.OPENJARVIS_OPENCODE_ISOLATION = level;
    const agent = new OpenCodeAgent(undefined, 'local-model', {
      providerBaseUrl: model.baseUrl,
      workspace,
    });
    const start = performance.now();
    const result = await agent.run('hello [[text]]');
    if (result.metadata.error) throw new Error(`run failed: ${result.content}`);
    const row = figures.get(level);
    row.firstRun.push(performance.now() - start);
    // The extra processes: everything this process started, minus opencode's own tree.
    const opencode = await agent.serverPid();
    const exclude = new Set([opencode, ...descendantsOf(opencode)]);
    const extra = descendantsOf(process.pid).filter((pid) => !exclude.has(pid));
    row.rss.push(extra.reduce((sum, pid) => sum + kib(pid, 'status', 'VmRSS'), 0));
    row.pss.push(extra.reduce((sum, pid) => sum + kib(pid, 'smaps_rollup', 'Pss'), 0));
    await agent.close();
  }
}
await model.close();

const launches = new Map(levels.map((level) => [level, []]));
for (let round = 0; round < rounds * 4; round++) {
  for (const level of rotation(levels, round)) {
    const scratchRoot = mkdtempSync(join(tmpdir(), 'oj-cost-'));
    const start = performance.now();
    const launch = launchServer({
      binary: 'true',
      args: [],
      cwd: tmpdir(),
      env: { PATH: process.env.PATH, OPENJARVIS_OPENCODE_ISOLATION: level },
      scratchRoot,
      onOutput: () => {},
    });
    await launch.exited;
    launches.get(level).push(performance.now() - start);
    rmSync(scratchRoot, { recursive: true, force: true });
  }
}

const base = median(figures.get('off').firstRun);
console.log(`opencode isolation cost (median of ${rounds}, levels interleaved)`);
for (const [level, row] of figures) {
  console.log(
    `${level.padEnd(10)} first run ${median(row.firstRun).toFixed(0)} ms (${(median(row.firstRun) / base).toFixed(2)}x off); launch and end of \`true\` ${median(launches.get(level)).toFixed(0)} ms (+${(median(launches.get(level)) - median(launches.get('off'))).toFixed(0)} ms); extra processes RSS ${(median(row.rss) / 1024).toFixed(1)} MiB, PSS ${(median(row.pss) / 1024).toFixed(1)} MiB`,
  );
}
