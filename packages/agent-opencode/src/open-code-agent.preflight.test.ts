import { join } from 'node:path';
import type { AnyJarvisEvent, InferenceEngine } from '@openjarvis/core';
import { OllamaEngine } from '@openjarvis/engine-ollama';
import { VLLMEngine } from '@openjarvis/engine-vllm';
import { FakeOllamaServer, FakeVLLMServer } from '@openjarvis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenCodeAgent } from './open-code-agent.js';
import type { OpenCodeAgentOptions } from './options.js';
import { opencodeFirstRequestTokens } from './preflight/check-engine-fit.js';
import type { OpenCodeRunMetadata } from './run-metadata.js';
import { tempWorkspace } from './test-support/harness.js';

// Checks that fail a run before opencode is spawned. Ollama and vLLM cannot run
// here: their engines talk to protocol-faithful fakes (FakeOllamaServer,
// FakeVLLMServer), built from the engines' documented wire formats.

interface Outcome {
  metadata: OpenCodeRunMetadata;
  content: string;
  events: string[];
  spawned: boolean;
}

async function runOnce(
  engine: InferenceEngine,
  model: string,
  options: OpenCodeAgentOptions = {},
): Promise<Outcome> {
  const agent = new OpenCodeAgent(engine, model, { workspace: tempWorkspace(), ...options });
  const events: AnyJarvisEvent[] = [];
  agent.events$.subscribe((event) => events.push(event));
  try {
    const result = await agent.run('Fix the bug');
    return {
      metadata: result.metadata,
      content: result.content,
      events: events.map((event) =>
        event.type === 'agent_error' ? `agent_error:${event.data.kind}` : event.type,
      ),
      spawned: (await agent.serverPid()) !== undefined,
    };
  } finally {
    await agent.close();
  }
}

function expectFailedBeforeSpawn(outcome: Outcome, kind: string): void {
  expect(outcome.metadata).toMatchObject({ error: { kind } });
  expect(outcome.spawned).toBe(false);
  expect(outcome.events).toEqual(['agent_turn_start', `agent_error:${kind}`, 'agent_turn_end']);
}

describe('OpenCodeAgent pre-run checks', () => {
  it('a workspace that does not exist is workspace_not_found, naming the path', async () => {
    const missing = join(tempWorkspace(), 'no-such-dir');
    const outcome = await runOnce(new VLLMEngine({ host: 'http://127.0.0.1:9', env: {} }), 'm', {
      workspace: missing,
    });
    expectFailedBeforeSpawn(outcome, 'workspace_not_found');
    expect(outcome.content).toContain(missing);
  });
});

describe('OpenCodeAgent against Ollama (fake server from documented wire format)', () => {
  let ollama: FakeOllamaServer;
  beforeAll(async () => {
    ollama = await FakeOllamaServer.start({
      models: [
        { name: 'qwen3:8b', family: 'qwen3', numCtx: 4096 },
        { name: 'gemma:2b', family: 'gemma', tools: false, numCtx: 32768 },
      ],
    });
  });
  afterAll(async () => {
    await ollama?.close();
  });

  it('a Modelfile window below what opencode needs fails with the fix that works through /v1', async () => {
    // numCtx cannot help: it only travels with native requests, and opencode talks to /v1.
    const engine = new OllamaEngine({ host: ollama.url, env: {}, numCtx: 65536 });
    const outcome = await runOnce(engine, 'qwen3:8b');
    expectFailedBeforeSpawn(outcome, 'context_length_exceeded');
    expect(outcome.content).toContain('context window of 4096 tokens');
    expect(outcome.content).toContain(`about ${opencodeFirstRequestTokens}`);
    expect(outcome.content).toContain('OLLAMA_CONTEXT_LENGTH=');
    expect(outcome.content).toContain('PARAMETER num_ctx');
    expect(outcome.content).toContain('numCtx option does not reach it');
  });

  it('a model without tools fails with tools_unsupported and says how to pick one', async () => {
    const outcome = await runOnce(new OllamaEngine({ host: ollama.url, env: {} }), 'gemma:2b');
    expectFailedBeforeSpawn(outcome, 'tools_unsupported');
    expect(outcome.content).toContain('cannot call tools');
    expect(outcome.content).toContain('ollama show');
  });

  it('minContextTokens sets the bar', async () => {
    const outcome = await runOnce(new OllamaEngine({ host: ollama.url, env: {} }), 'qwen3:8b', {
      minContextTokens: 32_768,
      opencodeBin: '/nonexistent/opencode',
    });
    expect(outcome.metadata.error?.kind).toBe('context_length_exceeded');
    expect(outcome.content).toContain('about 32768');
    // With the bar lowered the check passes and the run goes on (here to the missing binary).
    const passed = await runOnce(new OllamaEngine({ host: ollama.url, env: {} }), 'qwen3:8b', {
      minContextTokens: 4096,
      opencodeBin: '/nonexistent/opencode',
    });
    expect(passed.metadata.error?.kind).toBe('opencode_not_found');
  });
});

describe('OpenCodeAgent against vLLM (fake server from documented wire format)', () => {
  it('a --max-model-len below what opencode needs fails with context_length_exceeded', async () => {
    const vllm = await FakeVLLMServer.start({ maxModelLen: 4096, autoToolChoice: true });
    try {
      const outcome = await runOnce(new VLLMEngine({ host: vllm.url, env: {} }), vllm.model);
      expectFailedBeforeSpawn(outcome, 'context_length_exceeded');
      expect(outcome.content).toContain('--max-model-len');
    } finally {
      await vllm.close();
    }
  });

  it('vLLM started without its tool flags fails with tools_unsupported naming them', async () => {
    const vllm = await FakeVLLMServer.start({ maxModelLen: 32768 });
    try {
      const outcome = await runOnce(new VLLMEngine({ host: vllm.url, env: {} }), vllm.model);
      expectFailedBeforeSpawn(outcome, 'tools_unsupported');
      expect(outcome.content).toContain('--enable-auto-tool-choice');
      // requireToolSupport: false runs it anyway (here up to the missing binary).
      const anyway = await runOnce(new VLLMEngine({ host: vllm.url, env: {} }), vllm.model, {
        requireToolSupport: false,
        opencodeBin: '/nonexistent/opencode',
      });
      expect(anyway.metadata.error?.kind).toBe('opencode_not_found');
    } finally {
      await vllm.close();
    }
  });
});
