import type {
  AgentResult,
  AgentTurnEndData,
  AgentTurnStartData,
  InferenceEndData,
  InferenceStartData,
  ToolCallEndData,
  ToolCallStartData,
  WorkflowTag,
} from '@openjarvis/core';

/** Payloads shaped like the ones the agents and engines publish. */

/** Overrides for a fixture; a key set to `undefined` removes the default. */
export type Overrides<T> = { [K in keyof T]?: T[K] | undefined };

function merge<T extends object>(base: T, overrides: Overrides<T>): T {
  const merged: Record<string, unknown> = { ...base, ...overrides };
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) delete merged[key];
  }
  return merged as T;
}

export function result(content: string, extra: Overrides<AgentResult> = {}): AgentResult {
  return merge({ content, toolResults: [], turns: 1, metadata: {} }, extra);
}

export function turnStart(
  runId: string,
  agent = 'opencode',
  extra: Overrides<AgentTurnStartData> = {},
): AgentTurnStartData {
  return merge(
    {
      agent,
      runId,
      input: 'Fix the failing test in src/math.ts',
      model: 'qwen3-coder:30b',
      provider: 'ollama',
    },
    extra,
  );
}

export function turnEnd(
  runId: string,
  agent = 'opencode',
  extra: Overrides<AgentTurnEndData> = {},
): AgentTurnEndData {
  return merge(
    {
      agent,
      runId,
      turns: 2,
      durationMs: 900,
      model: 'qwen3-coder:30b',
      provider: 'ollama',
      sessionId: 'ses_4f2a9c',
      server: { address: '127.0.0.1', port: 41731 },
      usage: { inputTokens: 1200, outputTokens: 340 },
      result: result('The test passes now.'),
    },
    extra,
  );
}

export function toolStart(
  runId: string,
  callId: string,
  tool = 'bash',
  extra: Overrides<ToolCallStartData> = {},
): ToolCallStartData {
  return merge(
    {
      agent: 'opencode',
      runId,
      tool,
      callId,
      input: { command: 'npm test' },
      sessionId: 'ses_4f2a9c',
    },
    extra,
  );
}

export function toolEnd(
  runId: string,
  callId: string,
  tool = 'bash',
  extra: Overrides<ToolCallEndData> = {},
): ToolCallEndData {
  return merge(
    {
      agent: 'opencode',
      runId,
      tool,
      callId,
      success: true,
      output: '1 passed',
      durationMs: 120,
      sessionId: 'ses_4f2a9c',
    },
    extra,
  );
}

export function inferenceStart(
  inferenceId: string,
  extra: Overrides<InferenceStartData> = {},
): InferenceStartData {
  return merge(
    {
      inferenceId,
      engine: 'vllm',
      model: 'Qwen/Qwen3-8B',
      messageCount: 2,
      stream: true,
      server: { address: 'localhost', port: 8000 },
    },
    extra,
  );
}

export function inferenceEnd(
  inferenceId: string,
  extra: Overrides<InferenceEndData> = {},
): InferenceEndData {
  return merge(
    {
      ...inferenceStart(inferenceId),
      latencyMs: 250,
      ttftMs: 40,
      usage: { inputTokens: 52, outputTokens: 17 },
      finishReason: 'stop',
    },
    extra,
  );
}

export function workflowTag(id: string, step: string, name = 'fix-and-review'): WorkflowTag {
  return { id, name, step };
}
