import {
  type AgentContext,
  type AgentResult,
  BaseAgent,
  type EngineStatus,
  type GenerateResult,
  type InferenceEngine,
  type RunOptions,
  type StreamChunk,
} from '@openjarvis/core';
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { harnessPerTest, parentId, spanId } from './test-support/otel-harness.js';

/** An engine that answers at once, standing in for an HTTP engine at localhost:8080. */
class CannedEngine implements InferenceEngine {
  readonly engineId = 'llamacpp';
  readonly host = 'http://localhost:8080';

  async generate(): Promise<GenerateResult> {
    return {
      content: '4',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 21, outputTokens: 1 },
      model: 'qwen2.5-0.5b',
    };
  }
  async *stream(): AsyncIterable<StreamChunk> {}
  async listModels() {
    return [];
  }
  async health() {
    return true;
  }
  async status(): Promise<EngineStatus> {
    return { state: 'ok', detail: 'ok' };
  }
  async close() {}
}

/** A minimal in-process agent: one engine call per run, through BaseAgent's helpers. */
class AnswerAgent extends BaseAgent {
  readonly agentId = 'answer';

  async run(input: string, context?: AgentContext, options?: RunOptions): Promise<AgentResult> {
    const scope = this.beginRun(options);
    this.emitTurnStart(input, scope, { model: this.model, provider: 'llamacpp' });
    const reply = await this.generate(this.buildMessages(input, context), scope);
    const result: AgentResult = { content: reply.content, toolResults: [], turns: 1, metadata: {} };
    this.emitTurnEnd(scope, {
      turns: 1,
      result,
      usage: reply.usage,
    });
    return result;
  }
}

const newHarness = harnessPerTest();

describe('events from a real BaseAgent', () => {
  it('nests the chat span of a pipeline step under its invoke_agent span', async () => {
    const harness = newHarness();
    const agent = new AnswerAgent(new CannedEngine(), 'qwen2.5-0.5b', { bus: harness.bus });
    const workflow = { id: 'wf_a', name: 'quiz', step: 'answer' };
    harness.at(0, 'workflow_start', { workflowId: 'wf_a', workflow: 'quiz', input: '2+2?' });
    await agent.run('2+2?', undefined, { runId: 'run_a', workflow });
    harness.at(5, 'workflow_end', {
      workflowId: 'wf_a',
      workflow: 'quiz',
      success: true,
      durationMs: 5,
    });

    const turn = harness.span('invoke_agent answer');
    const chat = harness.span('chat qwen2.5-0.5b');
    expect(turn.kind).toBe(SpanKind.INTERNAL);
    expect(parentId(turn)).toBe(spanId(harness.span('invoke_workflow quiz')));
    expect(parentId(chat)).toBe(spanId(turn));
    expect(chat.attributes).toMatchObject({
      'gen_ai.provider.name': 'llamacpp',
      'server.address': 'localhost',
      'server.port': 8080,
      'gen_ai.usage.input_tokens': 21,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(turn.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    // Tokens are counted once, from the inference, not again from the turn.
    const points = await harness.histogramPoints('gen_ai.client.token.usage');
    expect(points.map((point) => point.attributes['gen_ai.operation.name'])).toEqual([
      'chat',
      'chat',
    ]);
    expect(harness.instrumentation.openSpanCount).toBe(0);
  });
});
