import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { inferenceEnd, inferenceStart, turnEnd, turnStart } from './test-support/fixtures.js';
import { harnessPerTest, hrToMs, parentId, spanId, T0 } from './test-support/otel-harness.js';

const newHarness = harnessPerTest();

const tags = { agent: 'simple', runId: 'run_i' };

describe('chat spans', () => {
  it('spans an inference with usage as a CLIENT child of its turn', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_i', 'simple', { provider: 'vllm' }));
    harness.at(10, 'inference_start', inferenceStart('inf_1', tags));
    harness.at(260, 'inference_end', inferenceEnd('inf_1', tags));
    harness.at(
      270,
      'agent_turn_end',
      turnEnd('run_i', 'simple', { server: undefined, sessionId: undefined }),
    );

    const turn = harness.span('invoke_agent simple');
    const chat = harness.span('chat Qwen/Qwen3-8B');
    expect(chat.kind).toBe(SpanKind.CLIENT);
    expect(parentId(chat)).toBe(spanId(turn));
    expect(hrToMs(chat.startTime)).toBe(T0 + 10);
    expect(hrToMs(chat.endTime)).toBe(T0 + 260);
    expect(chat.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'vllm',
      'gen_ai.request.model': 'Qwen/Qwen3-8B',
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': 52,
      'gen_ai.usage.output_tokens': 17,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.response.time_to_first_chunk': 0.04,
      'server.address': 'localhost',
      'server.port': 8000,
      'openjarvis.inference.id': 'inf_1',
      'openjarvis.run.id': 'run_i',
    });
    // The turn takes its finish reason from its last inference.
    expect(turn.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('records cached prompt tokens and an engine error', () => {
    const harness = newHarness();
    harness.at(0, 'inference_start', inferenceStart('inf_2', { stream: false }));
    harness.at(
      30,
      'inference_end',
      inferenceEnd('inf_2', {
        stream: false,
        usage: { inputTokens: 10, outputTokens: 0, cacheReadTokens: 8 },
        error: { kind: 'engine_unreachable', message: 'connect ECONNREFUSED 127.0.0.1:8000' },
        errorType: 'EngineUnreachableError',
      }),
    );

    const chat = harness.span('chat Qwen/Qwen3-8B');
    expect(parentId(chat)).toBeUndefined();
    expect(chat.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(8);
    expect(chat.attributes['gen_ai.response.time_to_first_chunk']).toBeUndefined();
    expect(chat.attributes['error.type']).toBe('EngineUnreachableError');
    expect(chat.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'connect ECONNREFUSED 127.0.0.1:8000',
    });
  });
});
