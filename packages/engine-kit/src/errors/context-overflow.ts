import type { ErrorBody } from './error-body.js';

/**
 * Phrases that mark a context-window overflow. Every one names the context:
 * looser phrases such as "too many tokens" also appear in unrelated 400s
 * (`max_tokens` validation, rate limits).
 */
const overflowPhrases = [
  'exceeds the available context size', // llama-server
  'maximum context length', // vLLM, OpenAI
  'context length',
  'maximum context',
  'context window',
  'maximum_context',
  'context_length_exceeded',
];

export interface ContextOverflow {
  inputTokens?: number;
  contextLength?: number;
}

/** Returns the overflow details when an error body says the prompt did not fit, else undefined. */
export function detectContextOverflow(error: ErrorBody): ContextOverflow | undefined {
  const message = error.message.toLowerCase();
  const matches =
    error.type === 'exceed_context_size_error' ||
    error.code === 'context_length_exceeded' ||
    error.type === 'context_length_exceeded' ||
    overflowPhrases.some((phrase) => message.includes(phrase));
  if (!matches) return undefined;
  const overflow: ContextOverflow = {};
  const inputTokens =
    error.inputTokens ??
    firstNumber(message, [
      /request \((\d+) tokens\)/, // llama-server
      /(\d+) in the messages/, // vLLM, older wording
      /has (\d+) input tokens/, // vLLM, newer wording
      /resulted in (\d+) tokens/, // OpenAI
    ]);
  const contextLength =
    error.contextLength ??
    firstNumber(message, [/maximum context length is (\d+)/, /context size \((\d+) tokens\)/]);
  if (inputTokens !== undefined) overflow.inputTokens = inputTokens;
  if (contextLength !== undefined) overflow.contextLength = contextLength;
  return overflow;
}

function firstNumber(text: string, patterns: readonly RegExp[]): number | undefined {
  for (const pattern of patterns) {
    const found = pattern.exec(text)?.[1];
    if (found !== undefined) return Number(found);
  }
  return undefined;
}
