import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '@openjarvis/core';
import { recordBusToJsonl } from '@openjarvis/recorder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './test-support/processes.js';
import { runCli, startCli } from './test-support/run-cli.js';

// `jarvis ui` and `--ui` as a user runs them: the built CLI as a child
// process, its page read over real HTTP (the page itself is tested in a real
// Chromium in @openjarvis/ui).

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oj-cli-ui-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** GETs `url` and reads the body until `until` holds for it (an SSE stream never ends by itself). */
function read(url: string, done: (body: string) => boolean = () => false) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpGet(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      const finish = () => resolve({ status: response.statusCode ?? 0, body });
      response.on('data', (chunk: string) => {
        body += chunk;
        if (done(body)) {
          request.destroy();
          finish();
        }
      });
      response.on('end', finish);
    });
    request.on('error', reject);
  });
}

function eventsUrl(pageUrl: string, token?: string): string {
  const url = new URL(pageUrl);
  url.pathname = '/events';
  if (token !== undefined) url.searchParams.set('token', token);
  return url.toString();
}

const urlIn = (text: string) => /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(text)?.[1];

describe('jarvis ui --replay', () => {
  it('serves the recording behind the token until Ctrl-C', async () => {
    const file = join(dir, 'run.jsonl');
    const bus = new EventBus();
    const recorder = recordBusToJsonl(bus, file);
    bus.publish('agent_turn_start', { agent: 'opencode', runId: 'r1', input: 'recorded task' });
    bus.publish('tool_call_start', {
      agent: 'opencode',
      runId: 'r1',
      tool: 'bash',
      callId: 'c',
      input: { command: 'ls' },
    });
    await recorder.close();

    const cli = startCli(['ui', '--replay', file]);
    await until(() => urlIn(cli.stdout()) !== undefined);
    const url = urlIn(cli.stdout()) ?? '';
    expect(cli.stdout()).toContain(`2 events from ${file}`);
    const stream = await read(eventsUrl(url), (body) => body.includes('"state":"ended"'));
    expect(stream.status).toBe(200);
    expect(stream.body).toContain('recorded task');
    expect(stream.body).toContain('"tool":"bash"');
    expect((await read(eventsUrl(url, 'wrong-token'))).status).toBe(403);
    expect((await read(url.replace(/\?token=.*/, ''))).status).toBe(401);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('names the bad line of a malformed recording and serves nothing', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"type":"agent_status","timestamp":1,"data":{}}\nnot json\n');
    const { code, stdout, stderr } = await runCli(['ui', '--replay', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:2: not valid JSON`);
    expect(stdout).not.toContain('http://');
  });

  it('without --replay says how to watch a run live', async () => {
    const { code, stderr } = await runCli(['ui']);
    expect(code).toBe(2);
    expect(stderr).toContain('add --ui to jarvis run or jarvis demo');
  });
});

describe('jarvis demo --ui', () => {
  it('serves the run live while it runs, keeps the page up after it, and stops on Ctrl-C', async () => {
    const cli = startCli(['demo', '--ui']);
    await until(() => urlIn(cli.stderr()) !== undefined);
    const url = urlIn(cli.stderr()) ?? '';
    // Connected during the run: the stream carries its events as they come.
    const stream = read(eventsUrl(url), (body) => body.includes('"type":"agent_turn_end"'));
    const { body } = await stream;
    expect(body).toMatch(/"type":"tool_call_end","timestamp":\d+,"data":\{[^\n]*"tool":"write"/);
    await until(() => cli.stderr().includes('press Ctrl-C to stop it'));
    // The finished run is still served to a page that comes late.
    const late = await read(eventsUrl(url), (text) => text.includes('event: caught-up'));
    expect(late.body).toContain('"type":"agent_turn_end"');

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain('temporary workspace removed');
    // A whole demo (opencode start, run, page kept up) on a loaded machine.
  }, 180_000);
});
