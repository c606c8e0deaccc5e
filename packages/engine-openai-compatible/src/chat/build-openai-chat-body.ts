import type { ChatMessage, GenerateOptions } from '@openjarvis/core';
import { isRecord } from '@openjarvis/engine-kit';
import { encodeOpenAIMessages } from './encode-openai-messages.js';
import type { OpenAIChatRequestBody } from './openai-wire.js';

/**
 * The `/v1/chat/completions` body. `tool_choice` is sent only when the caller
 * chose one: injecting `"auto"` is what makes vLLM without tool flags reject
 * the request. `extraBody` is merged last, except that `stream` stays what the
 * method needs and streams always ask for usage.
 */
export function buildOpenAIChatBody(
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  stream: boolean,
): OpenAIChatRequestBody {
  const body: OpenAIChatRequestBody = {
    model: options.model,
    messages: encodeOpenAIMessages(messages),
    stream,
  };
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens;
  if (options.tools !== undefined && options.tools.length > 0) {
    body.tools = [...options.tools];
    if (options.toolChoice !== undefined) body.tool_choice = options.toolChoice;
  }
  Object.assign(body, options.extraBody);
  body.stream = stream;
  if (stream) {
    const extra = options.extraBody?.stream_options;
    body.stream_options = { ...(isRecord(extra) ? extra : {}), include_usage: true };
  } else {
    delete body.stream_options;
  }
  return body;
}
