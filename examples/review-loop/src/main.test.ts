import { fileURLToPath } from 'node:url';
import {
  type ModelRequest,
  reply,
  runNodeProgram,
  type ScriptedModelServer,
  startScriptedModelServer,
  turnScript,
} from '@openjarvis/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const program = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const plan = '1. Write greet.ts with greet(name).';

// The stand-in model: the builder first writes a typo, the reviewer (who reads
// the builder's diff) asks for a fix, the builder fixes it in its own session.
const build = turnScript([
  reply.toolCall('write', {
    filePath: 'greet.ts',
    content: 'export const greeting = "Helo, world!";\n',
  }),
  reply.text('Wrote greet.ts.'),
]);
const fix = turnScript([
  reply.toolCall('read', { filePath: 'greet.ts' }),
  reply.toolCall('edit', { filePath: 'greet.ts', oldString: 'Helo', newString: 'Hello' }),
  reply.text('Fixed the greeting.'),
]);
const script = (request: ModelRequest) => {
  if (request.isTitleRequest) return reply.text('title');
  const text = request.userText;
  if (text.includes('Review this change')) {
    return reply.text(
      text.includes('+export const greeting = "Helo,')
        ? 'Fix the typo: "Helo" should be "Hello".'
        : 'APPROVED',
    );
  }
  if (text.includes('The reviewer asked for changes')) return fix(request);
  if (text.includes('Follow this plan')) return build(request);
  return reply.text(plan);
};

let standIn: ScriptedModelServer;
beforeAll(async () => {
  standIn = await startScriptedModelServer({ script });
});
afterAll(async () => {
  await standIn.close();
});

it('plans, builds, reviews the diff, and the builder continues its session until approved', async () => {
  const { code, stdout, stderr } = await runNodeProgram(program, {
    env: { JARVIS_ENGINE_URL: standIn.url, JARVIS_MODEL: 'scripted-model' },
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const lines = stdout.split('\n').filter((line) => line.startsWith('[round-'));
  expect(lines).toEqual([
    '[round-1] plan succeeded',
    '[round-1] build changed +1 −0 greet.ts',
    '[round-1] build succeeded',
    '[round-1] review succeeded',
    '[round-1] review: Fix the typo: "Helo" should be "Hello".',
    '[round-2] build changed +1 −1 greet.ts',
    '[round-2] build succeeded',
    '[round-2] review succeeded',
    '[round-2] review: APPROVED',
  ]);
  expect(stdout).toContain('\napproved\n');
  // The reviewer read the builder's patch; the builder's second round continued its session.
  const reviews = standIn.requests.filter((r) => r.userText.includes('Review this change'));
  expect(reviews[0]?.userText).toContain('+export const greeting = "Helo, world!";');
  expect(reviews.at(-1)?.userText).toContain('-export const greeting = "Helo');
  const secondBuild = standIn.requests.find((r) => r.userText.includes('The reviewer asked'));
  expect(JSON.stringify(secondBuild?.body.messages)).toContain('Follow this plan');
  expect(stdout).toMatch(/builder session: ses\w+/);
  // Two opencode servers and six runs, on a machine that may be busy.
}, 240_000);
