/**
 * The parts of an engine's error body that classification needs. Engines
 * disagree on the shape: `{"error":"text"}` (Ollama, vLLM's 401),
 * `{"error":{message,type,code,…}}` (OpenAI style; `code` an int, a string or
 * null), vLLM's old flat `{"object":"error","message",…}`, FastAPI's
 * `{"detail":…}`, or plain text.
 */
export interface ErrorBody {
  message: string;
  type?: string;
  code?: string | number;
  param?: string;
  /** llama-server's `n_prompt_tokens` on context overflow. */
  inputTokens?: number;
  /** llama-server's `n_ctx` on context overflow. */
  contextLength?: number;
}

export function parseErrorBody(body: string): ErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { message: body.trim() };
  }
  return readErrorValue(parsed) ?? { message: body.trim() };
}

/** Reads an already-parsed error payload, e.g. the `data` of an SSE error event. */
export function readErrorValue(value: unknown): ErrorBody | undefined {
  if (!isRecord(value)) return typeof value === 'string' ? { message: value } : undefined;
  const inner = value.error;
  if (typeof inner === 'string') return { message: inner };
  if (isRecord(inner)) return fromFields(inner);
  if (typeof value.message === 'string') return fromFields(value);
  if (typeof value.detail === 'string') return { message: value.detail };
  return undefined;
}

function fromFields(fields: Record<string, unknown>): ErrorBody {
  const result: ErrorBody = {
    message: typeof fields.message === 'string' ? fields.message : JSON.stringify(fields),
  };
  if (typeof fields.type === 'string') result.type = fields.type;
  if (typeof fields.code === 'string' || typeof fields.code === 'number') result.code = fields.code;
  if (typeof fields.param === 'string') result.param = fields.param;
  if (typeof fields.n_prompt_tokens === 'number') result.inputTokens = fields.n_prompt_tokens;
  if (typeof fields.n_ctx === 'number') result.contextLength = fields.n_ctx;
  return result;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
