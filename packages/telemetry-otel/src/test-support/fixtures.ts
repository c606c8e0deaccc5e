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

export function result(content: string, extra: Partial<AgentResult> = {}): AgentResult {
  return { content, toolResults: [], turns: 1, metadata: {}, ...extra };
}

export function turnStart(
  runId: string,
  agent = 'opencode',
  extra: Partial<AgentTurnStartData> = {},
): AgentTurnStartData {
  return {
    agent,
    runId,
    input: 'Fix the failing test in src/math.ts',
    model: 'qwen3-coder:30b',
    provider: 'ollama',
    ...extra,
  };
}

export function turnEnd(
  runId: string,
  agent = 'opencode',
  extra: Partial<AgentTurnEndData> = {},
): AgentTurnEndData {
  return {
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
    ...extra,
  };
}

export function toolStart(
  runId: string,
  callId: string,
  tool = 'bash',
  extra: Partial<ToolCallStartData> = {},
): ToolCallStartData {
  return {
    agent: 'opencode',
    runId,
    tool,
    callId,
    input: { command: 'npm test' },
    sessionId: 'ses_4f2a9c',
    ...extra,
  };
}

export function toolEnd(
  runId: string,
  callId: string,
  tool = 'bash',
  extra: Partial<ToolCallEndData> = {},
): ToolCallEndData {
  return {
    agent: 'opencode',
    runId,
    tool,
    callId,
    success: true,
    output: '1 passed',
    durationMs: 120,
    sessionId: 'ses_4f2a9c',
    ...extra,
  };
}

export function inferenceStart(
  inferenceId: string,
  extra: Partial<InferenceStartData> = {},
): InferenceStartData {
  return {
    inferenceId,
    engine: 'vllm',
    model: 'Qwen/Qwen3-8B',
    messageCount: 2,
    stream: true,
    server: { address: 'localhost', port: 8000 },
    ...extra,
  };
}

export function inferenceEnd(
  inferenceId: string,
  extra: Partial<InferenceEndData> = {},
): InferenceEndData {
  return {
    ...inferenceStart(inferenceId),
    latencyMs: 250,
    ttftMs: 40,
    usage: { promptTokens: 52, completionTokens: 17, totalTokens: 69 },
    finishReason: 'stop',
    ...extra,
  };
}

export function workflowTag(id: string, step: string, name = 'fix-and-review'): WorkflowTag {
  return { id, name, step };
}
