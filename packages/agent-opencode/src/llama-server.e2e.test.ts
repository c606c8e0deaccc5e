import { deriveOpenAIBaseUrl, EventBus, InstrumentedEngine } from '@openjarvis/core';
import { LlamaCppEngine } from '@openjarvis/engine-llamacpp';
import { type LlamaServer, startLlamaServer } from '@openjarvis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenCodeAgent } from './open-code-agent.js';
import { tempWorkspace } from './test-support/harness.js';

// The whole chain for real: the opencode binary, pointed through the derived
// base URL at a real llama-server serving a tiny random-weight model. The
// model's text is noise; the test asserts on the protocol and the result.
describe('OpenCodeAgent with LlamaCppEngine against a real llama-server', () => {
  let server: LlamaServer;
  // opencode's system prompt and tool schemas are ~9k tokens of this model's
  // byte-level vocabulary, so it needs a context well above that.
  const contextLength = 32_768;

  beforeAll(async () => {
    server = await startLlamaServer({
      template: 'chatml-notools',
      contextSize: contextLength,
      model: { contextLength },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('runs a turn through the derived base URL and returns a result with token counts', async () => {
    const engine = new LlamaCppEngine({ host: server.baseUrl });
    const bus = new EventBus({ recordHistory: true });
    const agent = new OpenCodeAgent(new InstrumentedEngine(engine, bus), 'tiny', {
      bus,
      workspace: tempWorkspace(),
      maxTokens: 8,
      // This template cannot do tools (so the tool schemas stay out of the prompt, which keeps
      // it at ~9k tokens for the tiny model); run anyway: the test is about the protocol.
      requireToolSupport: false,
    });
    try {
      expect(agent.providerBaseUrl).toBe(`${server.baseUrl}/v1`);
      expect(deriveOpenAIBaseUrl(agent.engine)).toBe(`${server.baseUrl}/v1`);
      const result = await agent.run('Say hi');
      expect(result.metadata.error).toBeUndefined();
      expect(result.metadata).toMatchObject({
        modelId: 'tiny',
        providerId: 'openjarvis',
        finish: 'length',
      });
      const tokens = result.metadata.usage;
      // opencode's first request: 9,195 tokens with this vocabulary (opencodeFirstRequestTokens).
      expect(tokens?.inputTokens).toBeGreaterThan(1_000);
      expect(tokens?.outputTokens).toBe(8);
      const end = bus.history.find((event) => event.type === 'agent_turn_end');
      expect(end?.type === 'agent_turn_end' && end.data.usage?.outputTokens).toBe(8);
    } finally {
      await agent.close();
    }
  });

  it('refuses, before spawning opencode, a model whose chat template cannot call tools', async () => {
    const agent = new OpenCodeAgent(new LlamaCppEngine({ host: server.baseUrl }), 'tiny', {
      workspace: tempWorkspace(),
    });
    try {
      const result = await agent.run('Say hi');
      expect(result.metadata).toMatchObject({ error: { kind: 'tools_unsupported' } });
      expect(result.content).toContain('--jinja');
      expect(await agent.serverPid()).toBeUndefined();
    } finally {
      await agent.close();
    }
  });
});

describe('OpenCodeAgent against a real llama-server whose context is too small', () => {
  let small: LlamaServer;
  beforeAll(async () => {
    // The tiny model at llama-server's default here: 2048 tokens, a tool-aware template.
    small = await startLlamaServer();
  });
  afterAll(async () => {
    await small?.close();
  });

  it('fails with context_length_exceeded in seconds, before spawning opencode, and says to raise -c', async () => {
    const agent = new OpenCodeAgent(new LlamaCppEngine({ host: small.baseUrl }), 'tiny', {
      workspace: tempWorkspace(),
    });
    const kinds: string[] = [];
    agent.events$.subscribe((event) => {
      if (event.type === 'agent_error') kinds.push(event.data.kind);
    });
    try {
      const result = await agent.run('Say hi');
      expect(result.metadata).toMatchObject({ error: { kind: 'context_length_exceeded' } });
      expect(result.content).toContain('context window of 2048 tokens');
      expect(result.content).toContain('restart llama-server with a larger context, e.g. -c');
      expect(await agent.serverPid()).toBeUndefined();
      expect(kinds).toEqual(['context_length_exceeded']);
    } finally {
      await agent.close();
    }
  });
});
