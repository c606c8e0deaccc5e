import { fileURLToPath } from 'node:url';
import {
  demoScript,
  reply,
  runNodeProgram,
  type ScriptedModelServer,
  startScriptedModelServer,
} from '@openjarvis/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const program = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const plan = '1. Write hello.txt. 2. Count its bytes with wc -c.';
let standIn: ScriptedModelServer;

beforeAll(async () => {
  standIn = await startScriptedModelServer({
    // The planner gets the bare task; the builder gets it with the plan appended.
    script: (request) =>
      request.userText.includes('Follow this plan') || request.isTitleRequest
        ? demoScript(request)
        : reply.text(plan),
  });
});
afterAll(async () => {
  await standIn.close();
});

it('runs the plan step, then the build step with the plan in its input', async () => {
  const { code, stdout, stderr } = await runNodeProgram(program, {
    env: { JARVIS_ENGINE_URL: standIn.url, JARVIS_MODEL: 'scripted-model' },
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const lines = stdout.split('\n');
  const order = lines.filter((line) => /^\[(plan|build)\] (started|succeeded|tool)/.test(line));
  expect(order.map((line) => line.replace(/ in \d+ ms$/, ''))).toEqual([
    '[plan] started (opencode)',
    '[plan] succeeded',
    '[build] started (opencode)',
    '[build] tool write ok',
    '[build] tool bash ok',
    '[build] succeeded',
  ]);
  expect(stdout).toContain(`plan:\n${plan}\n`);
  expect(stdout).toContain('build answer: I wrote hello.txt with the write tool');
  expect(stdout).toContain('files in the workspace: hello.txt\n');
  const buildRequest = standIn.requests.find((request) =>
    request.userText.includes('Follow this plan'),
  );
  expect(buildRequest?.userText).toContain(plan);
});
