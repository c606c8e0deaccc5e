import { buildTinyBpeVocab, type TinyVocabTokenIds } from '../gguf/tiny-bpe-vocab.js';
import { weatherTool } from '../weather-tool.js';

export interface ForcedToolCallRequestOptions {
  /**
   * Ask for an SSE stream (with `stream_options.include_usage`).
   * @default false
   */
  stream?: boolean;
  /**
   * Token ids to bias; pass `server.tokenIds` when the model was generated with other options.
   * @default the tiny vocabulary's ids (`{` = 90, `{"` = 256)
   */
  tokenIds?: Pick<TinyVocabTokenIds, 'openBrace' | 'openBraceQuote'>;
  /**
   * Room for the whole call; the grammar allows some whitespace the model may take.
   * @default 256
   */
  maxTokens?: number;
  /**
   * @default 'tiny'
   */
  model?: string;
}

/**
 * A `POST /v1/chat/completions` body that makes the tiny random model call
 * `get_weather({"city": "Paris" | "Oslo"})`: `tool_choice: "required"` lets llama-server
 * constrain sampling with a grammar, `parallel_tool_calls: false` stops a second call that
 * would run into `max_tokens`, and `temperature: 0` plus a `logit_bias` on the tokens that
 * open the bare-JSON call (`{`, `{"`) make the outcome repeatable. Needs the
 * `bare-json-tools` template; the generated text is meaningless, only the protocol counts.
 */
export function forcedToolCallRequest(
  options: ForcedToolCallRequestOptions = {},
): Record<string, unknown> {
  const ids = options.tokenIds ?? buildTinyBpeVocab().ids;
  return {
    model: options.model ?? 'tiny',
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
    max_tokens: options.maxTokens ?? 256,
    temperature: 0,
    ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    parallel_tool_calls: false,
    tools: [weatherTool],
    tool_choice: 'required',
    logit_bias: [
      [ids.openBrace, 30],
      [ids.openBraceQuote, 30],
    ],
  };
}
