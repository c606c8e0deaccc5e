import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesIn } from './test-support/processes.js';
import { runCli } from './test-support/run-cli.js';
import { ansiAnswer, marker } from './test-support/stand-in.js';
import { standInRig } from './test-support/stand-in-rig.js';

const rig = standInRig();

/** A config whose `chat` agent is a plain `simple` agent on the stand-in: no opencode, so quick. */
function writeChatConfig(): void {
  writeFileSync(
    join(rig.workspace.path, 'jarvis.config.json'),
    JSON.stringify({
      engines: { standin: { type: 'openai-compatible', host: rig.model.url } },
      agents: { chat: { type: 'simple', engine: 'standin', model: 'stand-in' } },
    }),
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point
const rawControls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('jarvis run: --timeout and the heartbeat', () => {
  it('says it is waiting for a silent model, then stops the run at --timeout with exit 1 and a hint', async () => {
    writeChatConfig();
    const { code, stdout, stderr } = await runCli(
      ['run', `Think hard ${marker.hang}`, '--use', 'chat', '--timeout', '2s'],
      { cwd: rig.workspace.path, env: { JARVIS_HEARTBEAT_MS: '400' } },
    );
    expect(code).toBe(1);
    const waited = [...stdout.matchAll(/^ {2}waiting for the model… (\d+) s$/gm)].map((match) =>
      Number(match[1]),
    );
    expect(waited.length).toBeGreaterThanOrEqual(2);
    expect(waited).toEqual([...waited].sort((a, b) => a - b));
    expect(stderr).toContain(
      'error: the run did not finish within --timeout 2.0 s; it was stopped',
    );
    expect(stderr).toContain('hint: The run took longer than allowed.');
    expect(stderr).toContain('--timeout');
  });

  it('stops opencode and everything it started when --timeout runs out', async () => {
    const { code, stderr } = await runCli(
      [
        'run',
        `Think hard ${marker.hang}`,
        '--engine',
        rig.model.url,
        '--workspace',
        rig.workspace.path,
        '--timeout',
        '12s',
      ],
      { env: { JARVIS_HEARTBEAT_MS: '1000' } },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('did not finish within --timeout 12.0 s');
    expect(processesIn(rig.workspace.path)).toEqual([]);
  });
});

describe('jarvis run: control characters from the model', () => {
  it('escapes them in the progress output, so the terminal obeys none', async () => {
    writeChatConfig();
    const { code, stdout } = await runCli(['run', `Say it ${marker.ansi}`, '--use', 'chat'], {
      cwd: rig.workspace.path,
    });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(rawControls);
    expect(stdout).toContain(
      'Red \\x1b[31malert\\x1b[0m\\x07 title \\x1b]0;pwned\\x07 back\\rspace \\u009b2J done',
    );
  });

  it('keeps them escaped in --json lines, which still parse to the exact text', async () => {
    writeChatConfig();
    const { code, stdout } = await runCli(
      ['run', `Say it ${marker.ansi}`, '--use', 'chat', '--json'],
      { cwd: rig.workspace.path },
    );
    expect(code).toBe(0);
    expect(stdout.replaceAll('\n', '')).not.toMatch(rawControls);
    const end = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; data: { result?: { content: string } } })
      .find((event) => event.type === 'agent_turn_end');
    expect(end?.data.result?.content).toBe(ansiAnswer);
  });
});

describe('jarvis run and jarvis engines name a host the same way', () => {
  it('--engine ollama is http://127.0.0.1:11434 in both', async () => {
    const engines = await runCli(['engines', '--engine', 'ollama', '--json']);
    const flagged = engines.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { source: string; host: string })
      .find((engine) => engine.source === '--engine');
    expect(flagged?.host).toBe('http://127.0.0.1:11434');
    const run = await runCli(['run', 'task', '--engine', 'ollama']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No inference engine answered at http://127.0.0.1:11434.');
  });
});
