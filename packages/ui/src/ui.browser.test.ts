import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { EventBus, Pipeline, step } from '@openjarvis/core';
import { type JsonlRecorder, recordBusToJsonl } from '@openjarvis/recorder';
import {
  type ModelScript,
  reply,
  type ScriptedModelServer,
  startScriptedModelServer,
  turnScript,
} from '@openjarvis/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiServer } from './server/start-ui-server.js';
import type { UiServer } from './server/ui-server-options.js';
import { jsonlSource } from './source/jsonl-source.js';
import { artifactsDir, type Chromium, launchChromium } from './test-support/chromium.js';

// The page in a real headless Chromium, fed by a real opencode pipeline run
// on the scripted stand-in model, then by the JSONL recording of that run.

const notes = 'hello from the ui test\n';
// Model text with markup in it: the page must show it as text, never run it.
const finalText =
  'Done: <b>bold</b> <img src=x onerror="window.__pwned=1"> and the file says hello';
const apiKey = 'sk-ui-test-secret-key';
const gatedCommand =
  "timeout 120 sh -c 'until [ -e gate ]; do sleep 0.1; done'; rm -f gate; cat notes/hello.txt";

const script: ModelScript = (request) => {
  if (request.isTitleRequest) return reply.text('Scripted session');
  if (!request.userText.includes('Follow this plan')) {
    return reply.text('Plan: 1. write notes/hello.txt 2. show it');
  }
  return turnScript([
    reply.toolCall('write', { filePath: 'notes/hello.txt', content: notes }),
    // Waits for the test to open the gate (bounded), so the page is sure to
    // show the bar running before the run ends, however loaded the machine.
    reply.toolCall('bash', { command: gatedCommand, description: 'Show it' }),
    reply.text(finalText),
  ])(request);
};

describe('jarvis ui in a real Chromium', () => {
  let browser: Chromium;
  let model: ScriptedModelServer;
  let agent: OpenCodeAgent;
  let ui: UiServer;
  let recorder: JsonlRecorder;
  let scratch: string;
  let recording: string;
  let workspace: string;
  const bus = new EventBus();

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'oj-ui-test-'));
    workspace = join(scratch, 'workspace');
    mkdirSync(workspace);
    recording = join(scratch, 'run.jsonl');
    mkdirSync(fileURLToPath(artifactsDir), { recursive: true });
    [browser, model] = await Promise.all([
      launchChromium(),
      startScriptedModelServer({ script, modelId: 'stand-in' }),
    ]);
    agent = new OpenCodeAgent(undefined, 'stand-in', {
      bus,
      workspace,
      apiKey,
      providerBaseUrl: model.baseUrl,
      ignoreProjectConfig: true,
      maxEngineRetries: 0,
      permission: { '*': 'allow', bash: 'ask' },
      permissionPolicy: { bash: 'once' },
    });
    recorder = recordBusToJsonl(bus, recording);
    ui = await startUiServer({ source: bus });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await recorder?.close();
    await agent?.close();
    await model?.close();
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function expectPipelineShown(page: Page): Promise<void> {
    const build = page.locator('li.step[data-step="build"] section.run');
    await build.locator('.diff details.file[data-path="notes/hello.txt"]').waitFor();
    await page.locator('section.workflow.ok').waitFor();

    const tools = await build.locator('.row.tool').evaluateAll((rows) =>
      rows.map((row) => ({
        tool: row.getAttribute('data-tool'),
        state: row.getAttribute('data-state'),
        input: row.querySelector('.tool-input')?.textContent,
        bar: row.querySelector('.bar')?.textContent,
      })),
    );
    expect(tools).toEqual([
      {
        tool: 'write',
        state: 'ok',
        input: 'notes/hello.txt',
        bar: expect.stringMatching(/^ok · \d/),
      },
      {
        tool: 'bash',
        state: 'ok',
        input: `${gatedCommand.slice(0, 59)}…`,
        bar: expect.stringMatching(/^ok · [\d.]+ (ms|s)$/),
      },
    ]);
    const permission = build.locator('.row.permission[data-permission="bash"] .bar');
    expect(await permission.textContent()).toBe('once (by policy)');

    // The model's markup is text on the page: no element was made from it.
    expect(await build.locator('pre.stream').textContent()).toBe(finalText);
    expect(await page.locator('pre.stream b, pre.stream img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    const plan = page.locator('li.step[data-step="plan"] section.run');
    expect(await plan.locator('pre.stream').textContent()).toBe(
      'Plan: 1. write notes/hello.txt 2. show it',
    );
    expect(await plan.locator('.row.tool').count()).toBe(0);
    expect(
      await page
        .locator('section.workflow li.step')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-step'))),
    ).toEqual(['plan', 'build']);
    expect(await build.locator('header .meta').textContent()).toMatch(/\d s · .*2 tool calls/);

    const file = build.locator('.diff details.file[data-path="notes/hello.txt"]');
    expect(await file.locator('summary').textContent()).toBe('A notes/hello.txt +1 −0');
    expect(await file.locator('pre.patch span.add').allTextContents()).toEqual([
      '+hello from the ui test',
    ]);
    expect(await page.content()).not.toContain(apiKey);
  }

  it('shows a pipeline run live: tool bars, permission answers, streamed text, nested steps and the diff', async () => {
    const page = await browser.context.newPage();
    await page.goto(ui.url);
    await page.getByText('No runs yet.').waitFor();

    const pipeline = new Pipeline({
      name: 'plan-build',
      bus,
      steps: [
        step('plan', agent),
        step(
          'build',
          agent,
          ({ input, results }) =>
            `${input}\n\nFollow this plan:\n${results.get('plan')?.content ?? ''}`,
        ),
      ],
    });
    let settled = false;
    const running = pipeline.run('Write the notes file and show it.').finally(() => {
      settled = true;
    });

    // Live: the bash bar shows as running while the run still goes on.
    await page.locator('.row.tool[data-tool="bash"][data-state="running"]').waitFor();
    expect(settled).toBe(false);
    expect(await page.locator('#status .connection').textContent()).toBe('live');
    // Once the permission is answered nothing is published while bash waits,
    // yet its bar grows with the clock.
    await page.locator('.row.permission .bar', { hasText: 'once (by policy)' }).waitFor();
    const bashBar = '.row.tool[data-tool="bash"] .bar';
    const width = await page.locator(bashBar).evaluate((bar) => bar.getBoundingClientRect().width);
    await page.waitForFunction(
      ([selector, before]) =>
        (document.querySelector(selector as string)?.getBoundingClientRect().width ?? 0) >
        (before as number) + 20,
      [bashBar, width] as const,
    );
    await page.screenshot({
      path: fileURLToPath(new URL('live-running.png', artifactsDir)),
      fullPage: true,
    });
    // Now let the bash command finish.
    writeFileSync(join(workspace, 'gate'), '');

    const result = await running;
    expect(result.success).toBe(true);
    await expectPipelineShown(page);
    await page.screenshot({
      path: fileURLToPath(new URL('live-pipeline.png', artifactsDir)),
      fullPage: true,
    });

    // A page opened after the run is sent the run so far.
    const late = await browser.context.newPage();
    await late.goto(ui.url);
    await expectPipelineShown(late);
    await Promise.all([page.close(), late.close()]);
  }, 180_000);

  it('refuses a page without the token or with a wrong one', async () => {
    const page = await browser.context.newPage();
    const wrong = new URL(ui.url);
    wrong.searchParams.set('token', 'not-the-token');
    const refused = await page.goto(wrong.toString());
    expect(refused?.status()).toBe(403);
    expect(await page.locator('#runs').count()).toBe(0);
    // Without the token in the URL only the cookie set by an earlier page load lets one in.
    await page.context().clearCookies();
    wrong.searchParams.delete('token');
    expect((await page.goto(wrong.toString()))?.status()).toBe(401);
    await page.close();
  });

  it('replays the recorded file: the same timeline and diff, and says the source ended', async () => {
    await recorder.close();
    const replay = await startUiServer({ source: await jsonlSource(recording) });
    try {
      const page = await browser.context.newPage();
      await page.goto(replay.url);
      await expectPipelineShown(page);
      await page.locator('#status .connection', { hasText: 'source ended' }).waitFor();
      await page.screenshot({
        path: fileURLToPath(new URL('replay.png', artifactsDir)),
        fullPage: true,
      });
      await page.close();
    } finally {
      await replay.close();
    }
  }, 60_000);
});
