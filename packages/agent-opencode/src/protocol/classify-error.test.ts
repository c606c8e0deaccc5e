import { describe, expect, it } from 'vitest';
import { classifyOpencodeError } from './classify-error.js';

function apiError(statusCode: number, message: string) {
  return {
    name: 'APIError',
    data: { message, statusCode, responseBody: JSON.stringify({ error: { message } }) },
  };
}

describe('classifyOpencodeError', () => {
  it('tells an engine refusing tools from other 400s', () => {
    expect(
      classifyOpencodeError(
        apiError(400, 'registry.ollama.ai/library/gemma:2b does not support tools'),
      ).kind,
    ).toBe('tools_unsupported');
    expect(
      classifyOpencodeError(
        apiError(
          400,
          '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
        ),
      ).kind,
    ).toBe('tools_unsupported');
    expect(classifyOpencodeError(apiError(400, 'bad request from engine')).kind).toBe(
      'engine_error',
    );
  });

  it('keeps recognising overflows in any engine wording', () => {
    expect(
      classifyOpencodeError(apiError(400, "This model's maximum context length is 4096 tokens"))
        .kind,
    ).toBe('context_length_exceeded');
  });
});
