import { describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';

describe('jarvis usage', () => {
  it('prints the help with exit 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('jarvis run "<task>"');
    expect(stdout).toContain('130');
  });

  it('prints the version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['run'], 'jarvis run needs a task'],
    [['run', 'task', '--agent', 'review'], '--agent must be build or plan, got "review"'],
    [['run', 'task', '--bogus'], "Unknown option '--bogus'"],
    [['run', 'task', '--engine', 'not a url'], '--engine must be ollama, vllm, llamacpp or a URL'],
    [
      ['run', 'task', '--workspace', '/nonexistent/dir'],
      '--workspace /nonexistent/dir: no such directory',
    ],
    [['engines', 'extra'], 'jarvis engines takes no arguments'],
    [['run', 'task', '--timeout', 'soon'], '--timeout must be a duration such as 90s'],
    [['demo', '--timeout', '0s'], '--timeout must be longer than zero'],
    [
      ['demo', '--record', '/nonexistent/dir/run.jsonl'],
      '--record /nonexistent/dir/run.jsonl: no such directory',
    ],
  ])('exits 2 for %j', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });
});
