import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type RecordedEvent, readJsonl } from '@openjarvis/recorder';
import { describe, expect, it } from 'vitest';
import { processesIn } from './test-support/processes.js';
import { runCli } from './test-support/run-cli.js';
import { makeWorkspace } from './test-support/workspace.js';

describe('jarvis demo', () => {
  it('runs real opencode against the stand-in, shows its tool calls, records them, and cleans up', async () => {
    const dir = makeWorkspace();
    const { code, stdout, stderr } = await runCli(['demo', '--record', 'run.jsonl'], {
      cwd: dir.path,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('scripted stand-in model');
    expect(stdout).toContain('not an LLM');
    expect(stdout).toMatch(/→ write {2}hello\.txt\n✓ write /);
    expect(stdout).toMatch(/→ bash {2}wc -c hello\.txt\n✓ bash /);
    expect(stdout).toMatch(/✔ done in [\d.]+ m?s · tokens \d+ in \/ \d+ out · 2 tool calls/);
    expect(stdout).toContain('The tools wrote hello.txt: "Hello from the OpenJarvis demo.\\n"');
    expect(stdout).toContain('temporary workspace removed');
    const workspace = /Workspace: (\S+) \(temporary\)/.exec(stdout)?.[1];
    expect(workspace).toBeDefined();
    expect(existsSync(workspace ?? '')).toBe(false);
    expect(processesIn(workspace ?? '')).toEqual([]);
    const recorded: RecordedEvent[] = [];
    for await (const event of readJsonl(join(dir.path, 'run.jsonl'))) recorded.push(event);
    dir.remove();
    expect(recorded[0]?.type).toBe('agent_turn_start');
    expect(recorded.at(-1)?.type).toBe('agent_turn_end');
    expect(
      recorded.flatMap((event) =>
        event.type === 'tool_call_end' ? [(event.data as { tool: string }).tool] : [],
      ),
    ).toEqual(['write', 'bash']);
  });

  it('--json keeps stdout to JSON lines and the notes on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--json']);
    expect(code).toBe(0);
    const types = stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toContain('tool_call_end');
    expect(stderr).toContain('not an LLM');
  });
});
