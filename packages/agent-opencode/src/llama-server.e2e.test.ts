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
      expect(tokens?.inputTokens).toBeGreaterThan(1_000);
      expect(tokens?.outputTokens).toBe(8);
      const end = bus.history.find((event) => event.type === 'agent_turn_end');
      expect(end?.type === 'agent_turn_end' && end.data.usage?.outputTokens).toBe(8);
    } finally {
      await agent.close();
    }
  });
});
