/**
 * Tokens used, by one engine call or summed over a whole agent turn. The names
 * follow OpenTelemetry's GenAI conventions (`gen_ai.usage.input_tokens`,
 * `gen_ai.usage.output_tokens`). There is no total: it is `inputTokens +
 * outputTokens`, computed where it is needed, so it can never disagree.
 */
export interface Usage {
  /** Prompt tokens sent to the model, cached ones included. */
  inputTokens: number;
  /** Tokens the model generated (answer, reasoning and tool calls). */
  outputTokens: number;
  /** Of the output, tokens spent on reasoning, when the engine reports them apart. */
  reasoningTokens?: number;
  /** Of the input, tokens served from the engine's cache (KV or prompt cache), when it says. */
  cacheReadTokens?: number;
  /** Of the input, tokens written to the engine's cache, when it says. */
  cacheWriteTokens?: number;
}
