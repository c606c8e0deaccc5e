import type { ChatMessage, GenerateOptions } from '@openjarvis/core';
import { isRecord } from '@openjarvis/engine-kit';
import { encodeOllamaMessages } from './encode-ollama-messages.js';
import type { OllamaChatRequestBody } from './ollama-wire.js';

export interface OllamaChatSettings {
  numCtx: number | undefined;
  think: boolean;
  keepAlive: string | number | undefined;
}

/**
 * The native `/api/chat` body. `stream` is always explicit, since Ollama
 * streams unless told `false`. Sampling settings go in `options`; `extraBody`
 * is merged last (its `options` merged into ours), but `stream` stays what the
 * method needs. `toolChoice: 'none'` leaves the tools out, the only choice the
 * native API can honour.
 */
export function buildOllamaChatBody(
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  stream: boolean,
  settings: OllamaChatSettings,
): OllamaChatRequestBody {
  const body: OllamaChatRequestBody = {
    model: options.model,
    messages: encodeOllamaMessages(messages),
    stream,
    think: settings.think,
  };
  if (settings.keepAlive !== undefined) body.keep_alive = settings.keepAlive;
  if (options.tools !== undefined && options.tools.length > 0 && options.toolChoice !== 'none') {
    body.tools = [...options.tools];
  }
  const sampling: Record<string, unknown> = {};
  if (options.temperature !== undefined) sampling.temperature = options.temperature;
  if (options.maxTokens !== undefined) sampling.num_predict = options.maxTokens;
  if (settings.numCtx !== undefined) sampling.num_ctx = settings.numCtx;
  const extraOptions = options.extraBody?.options;
  Object.assign(body, options.extraBody);
  const merged = { ...sampling, ...(isRecord(extraOptions) ? extraOptions : {}) };
  if (Object.keys(merged).length > 0) body.options = merged;
  else delete body.options;
  body.stream = stream;
  return body;
}
