// A review loop: a read-only agent plans, a build agent carries the plan out,
// the read-only agent reviews the builder's diff, and the builder continues
// its own session to address the review — until the reviewer approves or
// maxRounds is reached. Each round is one Pipeline run on one shared bus, so
// every round's diff is in the events (`workspace_diff`, tagged with its step).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffOf, formatDiffStat, formatPatch, OpenCodeAgent } from '@openjarvis/agent-opencode';
import { EventBus, EventType, Pipeline, type PipelineStep, step } from '@openjarvis/core';
import { engineFromEnv } from './engine-from-env.js';

const emptyDiff = {
  files: [],
  totals: { files: 0, additions: 0, deletions: 0 },
  truncated: false,
  shared: false,
};
const task = 'Create greet.ts exporting the constant greeting "Hello, world!".';
const maxRounds = Number(process.env.REVIEW_ROUNDS ?? 3);

const { engine, model } = engineFromEnv();
const workspace = await mkdtemp(join(tmpdir(), 'jarvis-review-'));
const bus = new EventBus();
// One read-only agent plans and reviews; the builder works in one session for all rounds.
const readOnly = new OpenCodeAgent(engine, model, { workspace, agent: 'plan', bus });
const builderAgent = new OpenCodeAgent(engine, model, { workspace, agent: 'build', bus });
const builder = builderAgent.session();

bus.subscribe(EventType.WORKFLOW_NODE_END, (event) => {
  const outcome = event.data.success ? 'succeeded' : `failed: ${event.data.error ?? ''}`;
  console.log(`[${event.data.workflowId}] ${event.data.step} ${outcome}`);
});
bus.subscribe(EventType.WORKSPACE_DIFF, (event) => {
  if (event.data.workflow?.step !== 'build') return;
  for (const line of formatDiffStat(event.data.diff)) {
    console.log(`[${event.data.workflow.id}] build changed ${line}`);
  }
});

let plan = '';
let review = '';
let approved = false;
try {
  for (let round = 1; round <= maxRounds && !approved; round++) {
    const steps: PipelineStep[] = [
      ...(round === 1 ? [step('plan', readOnly)] : []),
      step('build', builder, ({ input, results }) => {
        if (round === 1) {
          plan = results.get('plan')?.content ?? '';
          return `${input}\n\nFollow this plan:\n${plan}`;
        }
        return `The reviewer asked for changes:\n${review}\n\nAddress them.`;
      }),
      step(
        'review',
        readOnly,
        ({ input, results }) =>
          `Review this change for the task "${input}". Answer APPROVED if it is right; otherwise say what to fix.\n\n${formatPatch(diffOf(results.get('build')) ?? emptyDiff)}`,
      ),
    ];
    const result = await new Pipeline({ name: 'review-loop', bus, steps }).run(task, {
      workflowId: `round-${round}`,
    });
    if (!result.success) {
      console.error(`round ${round} failed at ${result.failedStep ?? '?'}: ${result.error ?? ''}`);
      process.exitCode = 1;
      break;
    }
    review = result.results.get('review')?.content ?? '';
    approved = /\bAPPROVED\b/.test(review);
    console.log(`[round-${round}] review: ${review}`);
  }
  console.log(approved ? 'approved' : `not approved after ${maxRounds} rounds`);
  console.log(`builder session: ${builder.id ?? '(none)'}`);
  console.log(`files in the workspace: ${(await readdir(workspace)).join(', ')}`);
} finally {
  await Promise.all([readOnly.close(), builderAgent.close()]);
  await engine.close();
  await rm(workspace, { recursive: true, force: true });
}
