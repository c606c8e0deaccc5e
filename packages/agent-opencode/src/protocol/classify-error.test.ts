import { describe, expect, it } from 'vitest';
import { classifyOpenCodeError, classifyRetryMessage } from './classify-error.js';

// llama-server's reply while it loads its model (recorded, see @openjarvis/testing).
const loadingBody = '{"error":{"message":"Loading model","type":"unavailable_error","code":503}}';

function apiError(statusCode: number, message: string, responseBody = '') {
  return {
    name: 'APIError',
    data: { message, statusCode, isRetryable: statusCode >= 500, responseBody },
  };
}

describe('classifyOpenCodeError', () => {
  it('tells a loading engine (503 unavailable_error) from other engine failures', () => {
    expect(classifyOpenCodeError(apiError(503, 'Loading model', loadingBody))).toMatchObject({
      kind: 'engine_loading',
      message: expect.stringContaining('still loading its model'),
    });
    expect(classifyOpenCodeError(apiError(503, 'Service Unavailable')).kind).toBe('engine_error');
    expect(classifyOpenCodeError(apiError(500, 'Loading model failed: bad file')).kind).toBe(
      'engine_error',
    );
  });

  it('tells an engine refusing tools from other 400s', () => {
    expect(
      classifyOpenCodeError(
        apiError(400, 'registry.ollama.ai/library/gemma:2b does not support tools'),
      ).kind,
    ).toBe('tools_unsupported');
    expect(
      classifyOpenCodeError(
        apiError(
          400,
          '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
        ),
      ).kind,
    ).toBe('tools_unsupported');
    expect(classifyOpenCodeError(apiError(400, 'bad request from engine')).kind).toBe(
      'engine_error',
    );
  });

  it('keeps the context, auth and not-found kinds', () => {
    expect(classifyOpenCodeError(apiError(400, 'maximum context length is 2048')).kind).toBe(
      'context_length_exceeded',
    );
    expect(classifyOpenCodeError(apiError(401, 'no key')).kind).toBe('unauthorized');
    expect(classifyOpenCodeError(apiError(404, 'no such model')).kind).toBe('model_not_found');
  });
});

describe('classifyRetryMessage', () => {
  it('reads the engine text opencode retries on', () => {
    expect(classifyRetryMessage('Loading model').kind).toBe('engine_loading');
    expect(classifyRetryMessage('Loading model failed: bad file').kind).toBe('engine_error');
    expect(classifyRetryMessage('Cannot connect to API: Unable to connect.').kind).toBe(
      'engine_unreachable',
    );
    expect(classifyRetryMessage('JSON parsing failed: Text: {').kind).toBe(
      'engine_malformed_response',
    );
    expect(classifyRetryMessage('the engine broke').kind).toBe('engine_error');
    // What opencode (Bun's fetch) says when a reply is cut mid-stream.
    expect(
      classifyRetryMessage(
        'Cannot connect to API: The socket connection was closed unexpectedly. For more information, pass `verbose: true` in the second argument to fetch()',
      ),
    ).toMatchObject({
      kind: 'engine_error',
      message: expect.stringMatching(/before its reply was complete/),
    });
  });
});
