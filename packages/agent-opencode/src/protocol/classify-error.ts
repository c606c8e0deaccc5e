import type { Failure } from '@openjarvis/core';
import type { MessageError } from './messages.js';

/** An error opencode reported, as a kind and a sentence. */
export type ClassifiedError = Failure;

const contextMarkers = [
  'exceed_context_size_error',
  'context_length_exceeded',
  'exceeds the available context size',
  'maximum context length',
  'context window',
];

// Engines refusing a request because of its tools: Ollama's model without
// tools, vLLM started without its tool flags.
const toolsMarkers = ['does not support tools', '--enable-auto-tool-choice'];

/** Turns an error opencode reported for a message or session into a kind and a sentence. */
export function classifyOpenCodeError(error: MessageError): ClassifiedError {
  const data = (error.data ?? {}) as Record<string, unknown>;
  const detail = typeof data.message === 'string' ? data.message : error.name;
  const status = typeof data.statusCode === 'number' ? data.statusCode : undefined;
  const body = typeof data.responseBody === 'string' ? data.responseBody : '';
  switch (error.name) {
    case 'MessageAbortedError':
      return { kind: 'aborted', message: 'the run was aborted' };
    case 'ContextOverflowError':
      return {
        kind: 'context_length_exceeded',
        message: `the prompt does not fit the model's context: ${detail}`,
      };
    case 'ProviderAuthError':
      return { kind: 'unauthorized', message: `the engine rejected the credentials: ${detail}` };
    case 'MessageOutputLengthError':
      return {
        kind: 'output_length_exceeded',
        message: `the reply hit the output token limit: ${detail}`,
      };
    case 'APIError':
      if (contextMarkers.some((marker) => body.includes(marker) || detail.includes(marker))) {
        return {
          kind: 'context_length_exceeded',
          message: `the prompt does not fit the model's context: ${detail}`,
        };
      }
      if (toolsMarkers.some((marker) => body.includes(marker) || detail.includes(marker))) {
        return {
          kind: 'tools_unsupported',
          message: `the engine cannot call tools with this model: ${detail}`,
        };
      }
      if (status === 401 || status === 403) {
        return {
          kind: 'unauthorized',
          message: `the engine rejected the API key (HTTP ${status}): ${detail}`,
        };
      }
      if (status === 404)
        return {
          kind: 'model_not_found',
          message: `the engine does not know the model: ${detail}`,
        };
      if (status === undefined) return classifyRetryMessage(detail);
      if (status === 503 && isLoadingReply(detail, body)) return loading(detail);
      return { kind: 'engine_error', message: `the engine answered HTTP ${status}: ${detail}` };
    default:
      if (detail.startsWith('Model not found') || detail.includes('ProviderModelNotFoundError')) {
        return { kind: 'model_not_found', message: detail };
      }
      if (detail.startsWith('Failed to initialize provider'))
        return { kind: 'provider_unavailable', message: detail };
      if (detail.startsWith('JSON parsing failed')) {
        return {
          kind: 'engine_malformed_response',
          message: `the engine sent a malformed reply: ${detail}`,
        };
      }
      return { kind: 'opencode_error', message: `opencode reported ${error.name}: ${detail}` };
  }
}

// llama-server answers every route with 503 `{"error":{"message":"Loading model",
// "type":"unavailable_error"}}` until its model is loaded.
const loadingPattern = /\bunavailable_error\b|^loading model\.?$|\bmodel is (still )?loading\b/i;

function isLoadingReply(detail: string, body: string): boolean {
  return loadingPattern.test(detail) || loadingPattern.test(body);
}

function loading(detail: string): ClassifiedError {
  return {
    kind: 'engine_loading',
    message: `the engine is still loading its model; retry once it is ready (${detail})`,
  };
}

/**
 * Classifies the message of a `session.status {type: "retry"}`: why opencode is
 * retrying the engine. The message is the engine's own error text (no status
 * code), so a loading engine is told by its wording alone.
 */
export function classifyRetryMessage(message: string): ClassifiedError {
  if (loadingPattern.test(message)) return loading(message);
  // opencode says "Cannot connect" here too, but the engine did answer: it
  // closed the connection mid-reply (crashed, killed, out of memory).
  if (/connection was closed unexpectedly|socket hang up|ECONNRESET/i.test(message)) {
    return {
      kind: 'engine_error',
      message: `the engine closed the connection before its reply was complete: ${message}`,
    };
  }
  if (/cannot connect|unable to connect|ECONNREFUSED|connection refused/i.test(message)) {
    return { kind: 'engine_unreachable', message: `the engine is not reachable: ${message}` };
  }
  if (message.startsWith('JSON parsing failed')) {
    return {
      kind: 'engine_malformed_response',
      message: `the engine sent a malformed reply: ${message}`,
    };
  }
  return { kind: 'engine_error', message: `the engine failed: ${message}` };
}
