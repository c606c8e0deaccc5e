import { describe, expect, it } from 'vitest';
import {
  inferenceEnd,
  inferenceStart,
  result,
  toolEnd,
  toolStart,
  turnEnd,
  turnStart,
} from './test-support/fixtures.js';
import { harnessPerTest } from './test-support/otel-harness.js';

const newHarness = harnessPerTest();

describe('GenAI client metrics', () => {
  it('records token usage per token type with unit {token}', async () => {
    const harness = newHarness();
    const tags = { agent: 'simple', runId: 'run_m' };
    harness.at(0, 'agent_turn_start', turnStart('run_m', 'simple'));
    harness.at(1, 'inference_start', inferenceStart('inf_1', tags));
    harness.at(2, 'inference_end', inferenceEnd('inf_1', tags));
    harness.at(3, 'inference_start', inferenceStart('inf_2', tags));
    harness.at(
      4,
      'inference_end',
      inferenceEnd('inf_2', {
        ...tags,
        usage: { inputTokens: 100, outputTokens: 3 },
      }),
    );
    // The turn repeats its inferences' usage; it must not be counted twice.
    harness.at(5, 'agent_turn_end', turnEnd('run_m', 'simple'));

    const metric = await harness.metric('gen_ai.client.token.usage');
    expect(metric?.descriptor.unit).toBe('{token}');
    const points = await harness.histogramPoints('gen_ai.client.token.usage');
    expect(points.map((point) => [point.attributes, point.value.count, point.value.sum])).toEqual([
      [
        {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'vllm',
          'gen_ai.request.model': 'Qwen/Qwen3-8B',
          'server.address': 'localhost',
          'server.port': 8000,
          'gen_ai.token.type': 'input',
        },
        2,
        152,
      ],
      [
        {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'vllm',
          'gen_ai.request.model': 'Qwen/Qwen3-8B',
          'server.address': 'localhost',
          'server.port': 8000,
          'gen_ai.token.type': 'output',
        },
        2,
        20,
      ],
    ]);
  });

  it('counts a remote turn its own usage, as it has no inference events', async () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_o'));
    harness.at(900, 'agent_turn_end', turnEnd('run_o'));

    const points = await harness.histogramPoints('gen_ai.client.token.usage');
    expect(points.map((point) => [point.attributes, point.value.sum])).toEqual([
      [
        {
          'gen_ai.operation.name': 'invoke_agent',
          'gen_ai.provider.name': 'ollama',
          'gen_ai.request.model': 'qwen3-coder:30b',
          'server.address': '127.0.0.1',
          'server.port': 41731,
          'gen_ai.token.type': 'input',
        },
        1200,
      ],
      [
        {
          'gen_ai.operation.name': 'invoke_agent',
          'gen_ai.provider.name': 'ollama',
          'gen_ai.request.model': 'qwen3-coder:30b',
          'server.address': '127.0.0.1',
          'server.port': 41731,
          'gen_ai.token.type': 'output',
        },
        340,
      ],
    ]);
  });

  it('records operation durations in seconds, with error.type on failures', async () => {
    const harness = newHarness();
    harness.at(0, 'workflow_start', { workflowId: 'wf', workflow: 'p', input: 'go' });
    harness.at(0, 'agent_turn_start', turnStart('run_d'));
    harness.at(10, 'tool_call_start', toolStart('run_d', 'c1'));
    harness.at(
      130,
      'tool_call_end',
      toolEnd('run_d', 'c1', 'bash', {
        success: false,
        durationMs: 120,
        error: { kind: 'tool_error', message: 'exit 1' },
      }),
    );
    harness.at(
      900,
      'agent_turn_end',
      turnEnd('run_d', 'opencode', {
        error: { kind: 'aborted', message: 'aborted' },
        result: result('aborted'),
      }),
    );
    harness.at(1000, 'workflow_end', {
      workflowId: 'wf',
      workflow: 'p',
      success: true,
      durationMs: 1000,
    });
    harness.at(1000, 'inference_start', inferenceStart('inf_d', { stream: false }));
    harness.at(1250, 'inference_end', inferenceEnd('inf_d', { stream: false, latencyMs: 250 }));

    const metric = await harness.metric('gen_ai.client.operation.duration');
    expect(metric?.descriptor.unit).toBe('s');
    const points = await harness.histogramPoints('gen_ai.client.operation.duration');
    const byOperation = new Map(
      points.map((point) => [point.attributes['gen_ai.operation.name'], point]),
    );
    expect(byOperation.get('execute_tool')?.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'error.type': 'tool_error',
    });
    expect(byOperation.get('execute_tool')?.value.sum).toBeCloseTo(0.12);
    expect(byOperation.get('invoke_agent')?.attributes['error.type']).toBe('aborted');
    expect(byOperation.get('invoke_agent')?.value.sum).toBeCloseTo(0.9);
    expect(byOperation.get('invoke_workflow')?.value.sum).toBeCloseTo(1);
    expect(byOperation.get('chat')?.value.sum).toBeCloseTo(0.25);
    expect(byOperation.get('chat')?.attributes['error.type']).toBeUndefined();
    expect(points).toHaveLength(4);
  });
});
