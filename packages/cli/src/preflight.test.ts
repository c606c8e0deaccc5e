import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeOllamaServer, FakeVLLMServer } from '@openjarvis/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processesIn } from './test-support/processes.js';
import { runCli } from './test-support/run-cli.js';
import { makeWorkspace } from './test-support/workspace.js';

// `jarvis run` asks the engine what it already knows before building the agent.
// Ollama and vLLM cannot run here: these are protocol-faithful fakes of them.

let workspace: ReturnType<typeof makeWorkspace>;
beforeEach(() => {
  workspace = makeWorkspace();
});
afterEach(() => {
  workspace.remove();
});

async function runAgainst(engine: { type: string; host: string }, model: string) {
  const config = join(workspace.path, 'jarvis.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      engines: { local: engine },
      agents: { coder: { type: 'opencode', engine: 'local', model } },
    }),
  );
  return runCli(['run', 'Fix the bug', '--use', 'coder'], { cwd: workspace.path });
}

describe('jarvis run checks the model before starting opencode', () => {
  it('a vLLM window too small for opencode exits 1 with the --max-model-len hint', async () => {
    const vllm = await FakeVLLMServer.start({ maxModelLen: 4096, autoToolChoice: true });
    try {
      const { code, stdout, stderr } = await runAgainst(
        { type: 'vllm', host: vllm.url },
        vllm.model,
      );
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain('context window of 4096 tokens');
      expect(stderr).toContain("hint: The model's context window is too small for opencode");
      expect(stderr).toContain('--max-model-len');
      // The check came first: no chat request reached the engine, no opencode ran.
      expect(vllm.requestsTo('/v1/chat/completions')).toHaveLength(0);
      expect(processesIn(workspace.path)).toEqual([]);
    } finally {
      await vllm.close();
    }
  });

  it('an Ollama model without tools exits 1 with the hint that says how to pick one', async () => {
    const ollama = await FakeOllamaServer.start();
    try {
      const { code, stderr } = await runAgainst({ type: 'ollama', host: ollama.url }, 'gemma:2b');
      expect(code).toBe(1);
      expect(stderr).toContain('cannot call tools');
      expect(stderr).toContain('hint: The model or engine cannot call tools');
      expect(stderr).toContain('ollama show');
      expect(ollama.requestsTo('/v1/chat/completions')).toHaveLength(0);
    } finally {
      await ollama.close();
    }
  });
});
