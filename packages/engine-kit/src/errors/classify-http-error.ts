import {
  ContextLengthExceededError,
  EngineHttpError,
  EngineLoadingError,
  EngineUnauthorizedError,
  ModelNotFoundError,
  ToolsUnsupportedError,
} from '@openjarvis/core';
import { detectContextOverflow } from './context-overflow.js';
import { type ErrorBody, parseErrorBody } from './error-body.js';

export interface HttpErrorDetails {
  engineId: string;
  url: string;
  status: number;
  body: string;
  /** The `Location` header of a 3xx. */
  location?: string | undefined;
  /** The model the request named, for `ModelNotFoundError`. */
  model?: string | undefined;
}

const toolsUnsupportedPatterns = [
  /does not support tools/i, // Ollama
  /enable-auto-tool-choice/i, // vLLM without tool flags
  /tool-call-parser/i,
  /tools? (?:are|is) not supported/i,
  /does not support (?:tool|function) call/i,
];

/**
 * Turns a non-2xx response into the most specific of core's typed errors:
 * unauthorized, context overflow, tools unsupported, loading, model not found,
 * or a plain `EngineHttpError` (3xx included, with where it points).
 */
export function classifyHttpError(details: HttpErrorDetails): EngineHttpError {
  const { engineId, url, status, body } = details;
  const base = { engineId, url, status, body };
  const error = parseErrorBody(body);
  if (status === 401 || status === 403) {
    return new EngineUnauthorizedError(base);
  }
  if (status >= 400 && status < 500) {
    const overflow = detectContextOverflow(error);
    if (overflow !== undefined) {
      const sizes =
        overflow.inputTokens !== undefined && overflow.contextLength !== undefined
          ? ` (${overflow.inputTokens} tokens > ${overflow.contextLength})`
          : '';
      return new ContextLengthExceededError({
        ...base,
        ...overflow,
        message: `${engineId}: the prompt does not fit the model's context window${sizes}: ${error.message}`,
      });
    }
    if (toolsUnsupportedPatterns.some((pattern) => pattern.test(error.message))) {
      return new ToolsUnsupportedError({
        ...base,
        message: `${engineId} cannot do tool calling as requested: ${error.message}`,
      });
    }
  }
  if (status === 503 && isLoading(error)) {
    return new EngineLoadingError({
      ...base,
      message: `${engineId} engine is still loading its model; retry when it is ready (${error.message})`,
    });
  }
  if (status === 404 && isModelNotFound(error)) {
    return new ModelNotFoundError({ ...base, model: details.model ?? '' });
  }
  if (status >= 300 && status < 400) {
    const target = details.location === undefined ? '' : ` to ${details.location}`;
    return new EngineHttpError({
      ...base,
      message: `${engineId} engine answered HTTP ${status}, a redirect${target}; redirects are not followed, so point the adapter at the final URL`,
    });
  }
  if (status === 404) {
    return new EngineHttpError({
      ...base,
      message: `${engineId} engine has no ${url} (HTTP 404: ${error.message || 'no body'}); check the host and its path prefix`,
    });
  }
  return new EngineHttpError(base);
}

function isLoading(error: ErrorBody): boolean {
  return error.type === 'unavailable_error' || /loading/i.test(error.message);
}

function isModelNotFound(error: ErrorBody): boolean {
  return error.param === 'model' || /model/i.test(error.message);
}
