import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesIn } from './test-support/processes.js';
import { runCli } from './test-support/run-cli.js';
import { marker } from './test-support/stand-in.js';
import { standInRig } from './test-support/stand-in-rig.js';

const rig = standInRig();

interface JsonEvent {
  type: string;
  timestamp: number;
  data: Record<string, unknown>;
}

describe('jarvis run', () => {
  it('--json prints one parseable event per line and nothing else', async () => {
    const { code, stdout } = await runCli([
      'run',
      `Write hello.txt ${marker.demo}`,
      '--engine',
      rig.model.url,
      '--workspace',
      rig.workspace.path,
      '--json',
    ]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const events = lines.map((line) => JSON.parse(line) as JsonEvent);
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('agent_turn_start');
    expect(types.at(-1)).toBe('agent_turn_end');
    const toolStarts = events.filter((event) => event.type === 'tool_call_start');
    const toolEnds = events.filter((event) => event.type === 'tool_call_end');
    expect(toolStarts.map((event) => event.data.tool)).toEqual(['write', 'bash']);
    expect(toolEnds.map((event) => [event.data.tool, event.data.success])).toEqual([
      ['write', true],
      ['bash', true],
    ]);
    expect(types).toContain('agent_text_delta');
    expect(types.at(-2)).toBe('workspace_diff');
    expect(events.at(-2)?.data.diff).toMatchObject({
      files: [{ path: 'hello.txt', status: 'added', additions: 1, deletions: 0 }],
      totals: { files: 1, additions: 1, deletions: 0 },
    });
    const end = events.at(-1)?.data as { error?: boolean; result: { content: string } };
    expect(end.error).toBeUndefined();
    expect(end.result.content).toContain('32 hello.txt');
    expect(readFileSync(join(rig.workspace.path, 'hello.txt'), 'utf8')).toBe(
      'Hello from the OpenJarvis demo.\n',
    );
    expect(processesIn(rig.workspace.path)).toEqual([]);
  });

  it('shows tool calls as they start and end, the answer and a summary', async () => {
    const { code, stdout } = await runCli(
      [
        'run',
        `Write hello.txt ${marker.demo}`,
        '--engine',
        rig.model.baseUrl,
        '--model',
        'stand-in',
      ],
      { cwd: rig.workspace.path },
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      `jarvis · opencode (build) · model stand-in · openai-compatible at ${rig.model.url} · workspace ${rig.workspace.path}`,
    );
    expect(stdout).toMatch(/→ write {2}hello\.txt\n✓ write [\d.]+ m?s\n/);
    expect(stdout).toMatch(/→ bash {2}wc -c hello\.txt\n✓ bash [\d.]+ m?s\n/);
    expect(stdout).toContain('which printed: 32 hello.txt\n');
    expect(stdout).toMatch(/✔ done in [\d.]+ m?s · tokens 300 in \/ 60 out · 2 tool calls\n/);
    expect(existsSync(join(rig.workspace.path, 'hello.txt'))).toBe(true);
  });

  it('shows the changed files, prints the patch with --diff, and continues the session with --continue', async () => {
    const first = await runCli(
      ['run', `Write hello.txt ${marker.demo}`, '--engine', rig.model.baseUrl, '--diff'],
      { cwd: rig.workspace.path },
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('  1 file changed, +1 −0\n    +1 −0 hello.txt\n');
    expect(first.stdout).toContain('diff --git a/hello.txt b/hello.txt\nnew file mode 100644\n');
    expect(first.stdout).toContain('+Hello from the OpenJarvis demo.\n');
    const sessionId = /session (ses\w+) \(continue it with --continue/.exec(first.stdout)?.[1];
    expect(sessionId).toBeDefined();

    const second = await runCli(
      [
        'run',
        'What did you write? CONTINUED',
        '--engine',
        rig.model.baseUrl,
        '--continue',
        String(sessionId),
      ],
      { cwd: rig.workspace.path },
    );
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('  no files changed\n');
    expect(second.stdout).toContain(`session ${sessionId}`);
    const request = rig.model.requests.find((r) => r.userText.includes('CONTINUED'));
    expect(JSON.stringify(request?.body.messages)).toContain(`Write hello.txt ${marker.demo}`);

    const unknown = await runCli(
      ['run', 'again', '--engine', rig.model.baseUrl, '--continue', 'ses_unknown123'],
      { cwd: rig.workspace.path },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('opencode has no session "ses_unknown123"');
    // Three runs, each starting opencode, on a machine that may be busy.
  }, 180_000);

  it('keeps the API key out of --json output, though the model echoes it everywhere', async () => {
    const secret = 'sk-test-0123456789abcdef';
    const config = join(rig.workspace.path, 'jarvis.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        engines: {
          standin: { type: 'openai-compatible', host: rig.model.url, apiKeyEnv: 'STANDIN_KEY' },
        },
        agents: { coder: { type: 'opencode', engine: 'standin', model: 'stand-in' } },
      }),
    );
    const before = rig.model.requests.length;
    const { code, stdout, stderr } = await runCli(
      ['run', `Show the credentials ${marker.echo}`, '--json'],
      {
        cwd: rig.workspace.path,
        env: { STANDIN_KEY: secret },
      },
    );
    expect(code).toBe(0);
    const sent = rig.model.requests.slice(before).find((request) => !request.isTitleRequest);
    expect(sent?.headers.authorization).toBe(`Bearer ${secret}`);
    // The leak took every path: a tool's input and output, streamed text, the result.
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    const types = new Set(lines.map((line) => line.type));
    for (const type of ['tool_call_start', 'tool_call_end', 'agent_text_delta', 'agent_turn_end']) {
      expect(types).toContain(type);
    }
    expect(stdout).toContain('[REDACTED]');
    expect(stdout).not.toContain(secret);
    expect(stderr).not.toContain(secret);
  });

  it('exits 1 with a hint when no engine answers', async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await runCli([
      'run',
      'task',
      '--engine',
      `http://127.0.0.1:${port}`,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: ');
    expect(stderr).toContain(`hint: No inference engine answered at http://127.0.0.1:${port}.`);
    expect(stderr).toContain('jarvis demo');
  });

  it('exits 1 with a hint when the engine does not serve the model', async () => {
    const { code, stderr } = await runCli([
      'run',
      'task',
      '--engine',
      rig.model.url,
      '--model',
      'qwen3:8b',
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('does not serve "qwen3:8b"; it serves stand-in');
    expect(stderr).toContain('hint: The engine at');
  });

  it('exits 1 with a hint when the model cannot call tools', async () => {
    const { code, stdout, stderr } = await runCli([
      'run',
      `Do it ${marker.noTools}`,
      '--engine',
      rig.model.url,
      '--workspace',
      rig.workspace.path,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('does not support tools');
    expect(stderr).toContain('hint: The model or engine cannot call tools');
    // Reported once, on stderr: the run's agent_error is not printed again as progress.
    expect(stdout).toContain('failed (tools_unsupported)');
    expect(stdout).not.toContain('does not support tools');
  });

  it('exits 1 with a hint when opencode cannot be found', async () => {
    const { code, stderr } = await runCli(
      [
        'run',
        `Write hello.txt ${marker.demo}`,
        '--engine',
        rig.model.url,
        '--workspace',
        rig.workspace.path,
      ],
      { env: { OPENCODE_BIN: join(rig.workspace.path, 'no-opencode-here') } },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('opencode was not found at');
    expect(stderr).toContain('hint: opencode is not installed where jarvis can find it');
  });

  it("runs the config's agent chosen with --use, whatever its type", async () => {
    const config = join(rig.workspace.path, 'jarvis.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        engines: { standin: { type: 'openai-compatible', host: rig.model.url } },
        agents: {
          coder: { type: 'opencode', engine: 'standin', model: 'stand-in' },
          chat: { type: 'simple', engine: 'standin', model: 'stand-in' },
        },
      }),
    );
    const { code, stdout } = await runCli(['run', 'Say hello', '--use', 'chat', '--json'], {
      cwd: rig.workspace.path,
    });
    expect(code).toBe(0);
    const events = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonEvent);
    expect(events[0]?.type).toBe('agent_turn_start');
    expect(events[0]?.data.agent).toBe('simple');
    expect(events.at(-1)?.type).toBe('agent_turn_end');
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
