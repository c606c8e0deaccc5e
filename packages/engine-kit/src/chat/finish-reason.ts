import type { FinishReason } from '@openjarvis/core';

const reasons: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  eos: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  max_tokens: 'length',
  limit: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  tool_use: 'tool_calls',
  error: 'error',
  abort: 'error',
};

/**
 * Maps an engine's finish reason (OpenAI `finish_reason`, Ollama `done_reason`)
 * to core's four values. A reply that made tool calls but says `stop` (Ollama
 * always does; so do some vLLM tool parsers) is reported as `tool_calls`; a
 * reply cut at the token limit stays `length` even with calls, since its last
 * call may be incomplete. Unknown or missing reasons count as `stop`.
 */
export function normalizeFinishReason(reason: unknown, sawToolCalls: boolean): FinishReason {
  const known = typeof reason === 'string' ? reasons[reason.toLowerCase()] : undefined;
  const normalized = known ?? 'stop';
  return normalized === 'stop' && sawToolCalls ? 'tool_calls' : normalized;
}
