// One OpenCodeAgent run: opencode does the work on your model, and every step
// arrives as a typed event while it happens.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { EventType } from '@openjarvis/core';
import { engineFromEnv } from './engine-from-env.js';

const task = 'Create hello.txt with a short greeting, then count its bytes with wc -c.';

const { engine, model } = engineFromEnv();
const workspace = await mkdtemp(join(tmpdir(), 'jarvis-quickstart-'));
const agent = new OpenCodeAgent(engine, model, { workspace });

agent.events$.subscribe((event) => {
  switch (event.type) {
    case EventType.TOOL_CALL_START:
      console.log(`tool ${event.data.tool} started: ${JSON.stringify(event.data.input)}`);
      break;
    case EventType.TOOL_CALL_END:
      console.log(
        `tool ${event.data.tool} ${event.data.success ? 'ok' : 'failed'} in ${Math.round(event.data.durationMs)} ms`,
      );
      break;
    case EventType.AGENT_TEXT_DELTA:
      if (event.data.kind === 'text') process.stdout.write(event.data.delta);
      break;
    default:
      break;
  }
});

try {
  console.log(`${model} on ${engine.engineId}, working in ${workspace}`);
  const result = await agent.run(task);
  console.log();
  if (result.metadata.error !== undefined) {
    console.error(`run failed (${result.metadata.error.kind}): ${result.content}`);
    process.exitCode = 1;
  } else {
    console.log(`answer: ${result.content}`);
    console.log(`files in the workspace: ${(await readdir(workspace)).join(', ')}`);
  }
} finally {
  await agent.close();
  await engine.close();
  await rm(workspace, { recursive: true, force: true });
}
