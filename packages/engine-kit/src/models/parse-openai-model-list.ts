import type { ModelInfo } from '@openjarvis/core';
import { isRecord } from '../errors/error-body.js';

/** A model entry of `/v1/models` with the fields adapters look at. */
export interface OpenAIModelEntry {
  id: string;
  /** Other names the engine answers to (llama-server `aliases`). */
  aliases: string[];
  contextLength?: number;
}

/**
 * Reads `data[]` of a `/v1/models` body. llama-server's body also has an
 * Ollama-style `models[]` whose fields are mostly empty strings; it is ignored.
 * The context window is vLLM's `max_model_len` or llama-server's `meta.n_ctx`
 * (the per-request limit, not `n_ctx_train`), or a `context_length` /
 * `context_window` field that other servers use.
 */
export function parseOpenAIModelList(payload: unknown): OpenAIModelEntry[] | undefined {
  if (!isRecord(payload) || !Array.isArray(payload.data)) return undefined;
  const entries: OpenAIModelEntry[] = [];
  for (const item of payload.data) {
    if (!isRecord(item) || typeof item.id !== 'string') continue;
    const entry: OpenAIModelEntry = {
      id: item.id,
      aliases: Array.isArray(item.aliases)
        ? item.aliases.filter((alias): alias is string => typeof alias === 'string')
        : [],
    };
    const contextLength = readContextLength(item);
    if (contextLength !== undefined) entry.contextLength = contextLength;
    entries.push(entry);
  }
  return entries;
}

/** The entry whose id or alias is `model`. */
export function findModel(
  entries: readonly OpenAIModelEntry[],
  model: string,
): OpenAIModelEntry | undefined {
  return entries.find((entry) => entry.id === model || entry.aliases.includes(model));
}

export function toModelInfo(entry: OpenAIModelEntry): ModelInfo {
  return entry.contextLength === undefined
    ? { id: entry.id }
    : { id: entry.id, contextLength: entry.contextLength };
}

function readContextLength(item: Record<string, unknown>): number | undefined {
  const meta = isRecord(item.meta) ? item.meta : {};
  for (const value of [item.max_model_len, meta.n_ctx, item.context_length, item.context_window]) {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return undefined;
}
