// A pipeline of two opencode agents: a read-only "plan" agent studies the task,
// then a "build" agent carries the plan out. One bus carries every event.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { EventBus, EventType, Pipeline, step } from '@openjarvis/core';
import { engineFromEnv } from './engine-from-env.js';

const task = 'Create hello.txt with a short greeting, then count its bytes with wc -c.';

const { engine, model } = engineFromEnv();
const workspace = await mkdtemp(join(tmpdir(), 'jarvis-pipeline-'));
const bus = new EventBus();
const planner = new OpenCodeAgent(engine, model, { workspace, agent: 'plan', bus });
const builder = new OpenCodeAgent(engine, model, { workspace, agent: 'build', bus });

const pipeline = new Pipeline({
  name: 'plan-build',
  bus,
  steps: [
    step('plan', planner),
    step(
      'build',
      builder,
      ({ input, results }) =>
        `${input}\n\nFollow this plan:\n${results.get('plan')?.content ?? ''}`,
    ),
  ],
});

bus.subscribe(EventType.WORKFLOW_NODE_START, (event) => {
  console.log(`[${event.data.step}] started (${event.data.agent})`);
});
bus.subscribe(EventType.WORKFLOW_NODE_END, (event) => {
  const outcome = event.data.success ? 'succeeded' : `failed: ${event.data.error ?? ''}`;
  console.log(`[${event.data.step}] ${outcome} in ${Math.round(event.data.durationMs)} ms`);
});
bus.subscribe(EventType.TOOL_CALL_END, (event) => {
  const where = event.data.workflow?.step ?? '?';
  console.log(`[${where}] tool ${event.data.tool} ${event.data.success ? 'ok' : 'failed'}`);
});

try {
  const result = await pipeline.run(task);
  const plan = result.results.get('plan')?.content ?? '';
  console.log(`plan:\n${plan}`);
  console.log(`build answer: ${result.output}`);
  console.log(`files in the workspace: ${(await readdir(workspace)).join(', ')}`);
  if (!result.success) {
    console.error(`pipeline failed at ${result.failedStep ?? '?'}: ${result.error ?? ''}`);
    process.exitCode = 1;
  }
} finally {
  await Promise.all([planner.close(), builder.close()]);
  await engine.close();
  await rm(workspace, { recursive: true, force: true });
}
