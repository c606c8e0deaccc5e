import {
  ContextLengthExceededError,
  EngineHttpError,
  EngineLoadingError,
  EngineUnauthorizedError,
  ModelNotFoundError,
  ToolsUnsupportedError,
} from '@openjarvis/core';
import { loadRecording } from '@openjarvis/testing/fake-engines';
import { describe, expect, it } from 'vitest';
import { classifyHttpError } from './classify-http-error.js';

const url = 'http://127.0.0.1:9/v1/chat/completions';
const classify = (
  status: number,
  body: string,
  extra: { location?: string; model?: string } = {},
) => classifyHttpError({ engineId: 'test', url, status, body, ...extra });
const recorded = (name: string) => loadRecording(name).body.toString('utf8');

describe('classifyHttpError', () => {
  it("reads llama-server's exceed_context_size_error with its token counts", () => {
    const error = classify(400, recorded('chat_ctx_overflow'));
    expect(ContextLengthExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ inputTokens: 3027, contextLength: 2048, status: 400 });
  });

  it('reads vLLM\'s "maximum context length" wording', () => {
    const body = JSON.stringify({
      error: {
        message:
          "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4900 in the messages, 100 in the completion).",
        type: 'BadRequestError',
        param: null,
        code: 400,
      },
    });
    expect(classify(400, body)).toMatchObject({
      name: 'ContextLengthExceededError',
      inputTokens: 4900,
      contextLength: 4096,
    });
  });

  it("reads OpenAI's context_length_exceeded code", () => {
    const body = JSON.stringify({
      error: {
        message: 'Too long.',
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
      },
    });
    expect(ContextLengthExceededError.isInstance(classify(400, body))).toBe(true);
  });

  it('does not take a generic "too many tokens" 400 for an overflow', () => {
    const body = JSON.stringify({
      error: { message: 'max_tokens is too many tokens for this request' },
    });
    const error = classify(400, body);
    expect(ContextLengthExceededError.isInstance(error)).toBe(false);
    expect(EngineHttpError.isInstance(error)).toBe(true);
  });

  it('maps vLLM without tool flags and Ollama models without tools to ToolsUnsupportedError', () => {
    const vllm = JSON.stringify({
      error: {
        message:
          '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
        type: 'BadRequestError',
        param: null,
        code: 400,
      },
    });
    const ollama = JSON.stringify({
      error: 'registry.ollama.ai/library/gemma:2b does not support tools',
    });
    expect(ToolsUnsupportedError.isInstance(classify(400, vllm))).toBe(true);
    expect(ToolsUnsupportedError.isInstance(classify(400, ollama))).toBe(true);
  });

  it("maps 401 to EngineUnauthorizedError, vLLM's string body and llama-server's object alike", () => {
    expect(EngineUnauthorizedError.isInstance(classify(401, '{"error":"Unauthorized"}'))).toBe(
      true,
    );
    expect(EngineUnauthorizedError.isInstance(classify(401, recorded('apikey_models_nokey')))).toBe(
      true,
    );
  });

  it('maps the loading 503 to EngineLoadingError and any other 503 to EngineHttpError', () => {
    expect(EngineLoadingError.isInstance(classify(503, recorded('chat_loading_503')))).toBe(true);
    const other = classify(503, '');
    expect(EngineLoadingError.isInstance(other)).toBe(false);
    expect(other.status).toBe(503);
  });

  it('maps a 404 about the model to ModelNotFoundError, and a missing route to EngineHttpError', () => {
    const vllm = JSON.stringify({
      error: {
        message: 'The model `nope` does not exist.',
        type: 'NotFoundError',
        param: 'model',
        code: 404,
      },
    });
    expect(classify(404, vllm, { model: 'nope' })).toMatchObject({
      name: 'ModelNotFoundError',
      model: 'nope',
    });
    const route = classify(404, recorded('api_tags'));
    expect(ModelNotFoundError.isInstance(route)).toBe(false);
    expect(route.message).toMatch(/check the host/);
  });

  it('reports a 3xx with where it points', () => {
    const error = classify(307, '', { location: 'https://elsewhere/v1/chat/completions' });
    expect(error.status).toBe(307);
    expect(error.message).toContain('https://elsewhere/v1/chat/completions');
  });

  it("reads vLLM's old flat error shape and plain-text bodies", () => {
    const flat = JSON.stringify({
      object: 'error',
      message: "This model's maximum context length is 2048 tokens.",
      type: 'BadRequestError',
      code: 400,
    });
    expect(ContextLengthExceededError.isInstance(classify(400, flat))).toBe(true);
    const text = classify(500, 'Internal Server Error');
    expect(text.message).toContain('Internal Server Error');
    expect(text.body).toBe('Internal Server Error');
  });
});
