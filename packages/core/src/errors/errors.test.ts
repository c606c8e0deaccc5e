import { describe, expect, it } from 'vitest';
import { EngineInputError, EngineResponseError, FramingError } from './adapter-errors.js';
import {
  ContextLengthExceededError,
  EngineHttpError,
  EngineLoadingError,
  EngineStreamError,
  EngineUnauthorizedError,
  EngineUnreachableError,
  ModelNotFoundError,
  ToolsUnsupportedError,
} from './engine-errors.js';
import { hasMarker, JarvisError } from './jarvis-error.js';
import { PipelineDefinitionError } from './pipeline-errors.js';
import { AbortedError, InvalidOptionsError, RegistryError, TimeoutError } from './run-errors.js';

const foreignBase: unique symbol = Symbol.for('openjarvis.error');
const foreignHttp: unique symbol = Symbol.for('openjarvis.error.EngineHttpError');
const foreignContext: unique symbol = Symbol.for('openjarvis.error.ContextLengthExceededError');

const http = {
  engineId: 'vllm',
  url: 'http://gpu:8000/v1/chat/completions',
  status: 400,
  body: 'bad',
};

/** One instance of every class, and the class names it is an instance of (itself and its ancestors). */
const cases = [
  { error: new JarvisError('x'), is: ['JarvisError'] },
  {
    error: new EngineUnreachableError({ engineId: 'ollama', url: 'http://h:11434' }),
    is: ['JarvisError', 'EngineUnreachableError'],
  },
  { error: new EngineHttpError(http), is: ['JarvisError', 'EngineHttpError'] },
  {
    error: new ContextLengthExceededError({ ...http, inputTokens: 9000, contextLength: 8192 }),
    is: ['JarvisError', 'EngineHttpError', 'ContextLengthExceededError'],
  },
  {
    error: new EngineUnauthorizedError({ ...http, status: 401 }),
    is: ['JarvisError', 'EngineHttpError', 'EngineUnauthorizedError'],
  },
  {
    error: new ModelNotFoundError({ ...http, status: 404, model: 'llama3' }),
    is: ['JarvisError', 'EngineHttpError', 'ModelNotFoundError'],
  },
  {
    error: new ToolsUnsupportedError(http),
    is: ['JarvisError', 'EngineHttpError', 'ToolsUnsupportedError'],
  },
  {
    error: new EngineLoadingError({ ...http, status: 503 }),
    is: ['JarvisError', 'EngineHttpError', 'EngineLoadingError'],
  },
  {
    error: new EngineStreamError({
      engineId: 'vllm',
      url: http.url,
      message: 'stream ended early',
    }),
    is: ['JarvisError', 'EngineStreamError'],
  },
  {
    error: new EngineInputError({ field: 'host', message: 'host is not a URL' }),
    is: ['JarvisError', 'EngineInputError'],
  },
  {
    error: new EngineResponseError({ engineId: 'vllm', url: http.url, message: 'no choices' }),
    is: ['JarvisError', 'EngineResponseError'],
  },
  { error: new FramingError('an SSE event grew past 1 MiB'), is: ['JarvisError', 'FramingError'] },
  {
    error: new TimeoutError({ operation: 'health check', timeoutMs: 500 }),
    is: ['JarvisError', 'TimeoutError'],
  },
  { error: new AbortedError({ operation: 'run r1' }), is: ['JarvisError', 'AbortedError'] },
  { error: new RegistryError({ key: 'k', message: 'm' }), is: ['JarvisError', 'RegistryError'] },
  {
    error: new InvalidOptionsError({ kind: 'engine type', key: 'k', issues: [] }),
    is: ['JarvisError', 'InvalidOptionsError'],
  },
  {
    error: new PipelineDefinitionError({ pipeline: 'p', message: 'it has no steps' }),
    is: ['JarvisError', 'PipelineDefinitionError'],
  },
];

const classes = {
  JarvisError,
  EngineUnreachableError,
  EngineHttpError,
  ContextLengthExceededError,
  EngineUnauthorizedError,
  ModelNotFoundError,
  ToolsUnsupportedError,
  EngineLoadingError,
  EngineStreamError,
  EngineInputError,
  EngineResponseError,
  FramingError,
  TimeoutError,
  AbortedError,
  RegistryError,
  InvalidOptionsError,
  PipelineDefinitionError,
} as const;

describe('isInstance', () => {
  for (const { error, is } of cases) {
    it(`${error.name}: true for its class and ancestors, false for the others`, () => {
      for (const [name, cls] of Object.entries(classes)) {
        expect(cls.isInstance(error), `${name}.isInstance(${error.name})`).toBe(is.includes(name));
      }
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(is.at(-1));
    });
  }

  it('is false for non-errors and plain errors', () => {
    for (const value of [undefined, null, 0, 'EngineHttpError', {}, new Error('x'), []]) {
      for (const cls of Object.values(classes)) expect(cls.isInstance(value)).toBe(false);
    }
  });

  it('recognises an error from another copy of the package by its Symbol.for marker', () => {
    // What a second copy of the package (another version, another realm) would construct.
    class ForeignHttpError extends Error {
      readonly [foreignBase] = true;
      readonly [foreignHttp] = true;
      readonly [foreignContext] = true;
    }
    const foreign = new ForeignHttpError('from elsewhere');
    expect(foreign).not.toBeInstanceOf(ContextLengthExceededError);
    expect(ContextLengthExceededError.isInstance(foreign)).toBe(true);
    expect(EngineHttpError.isInstance(foreign)).toBe(true);
    expect(JarvisError.isInstance(foreign)).toBe(true);
    expect(EngineUnauthorizedError.isInstance(foreign)).toBe(false);
    expect(TimeoutError.isInstance(foreign)).toBe(false);
  });

  it('needs the marker to be exactly true', () => {
    const marker = Symbol.for('openjarvis.error.TimeoutError');
    expect(TimeoutError.isInstance({ [marker]: 'yes' })).toBe(false);
    expect(TimeoutError.isInstance({ [marker]: true })).toBe(true);
    expect(hasMarker({ [marker]: true }, marker)).toBe(true);
    expect(hasMarker({}, marker)).toBe(false);
  });
});

describe('fields and messages', () => {
  it('keeps the fields callers classify by', () => {
    const context = new ContextLengthExceededError({
      ...http,
      inputTokens: 9000,
      contextLength: 8192,
    });
    expect(context).toMatchObject({
      engineId: 'vllm',
      status: 400,
      inputTokens: 9000,
      contextLength: 8192,
    });
    const notFound = new ModelNotFoundError({ ...http, status: 404, model: 'llama3' });
    expect(notFound.model).toBe('llama3');
    expect(notFound.message).toContain('"llama3"');
    const timeout = new TimeoutError({ operation: 'health check', timeoutMs: 500 });
    expect(timeout.message).toBe('health check timed out after 500 ms');
    const cause = new Error('ECONNREFUSED');
    const unreachable = new EngineUnreachableError({
      engineId: 'ollama',
      url: 'http://h:11434',
      cause,
    });
    expect(unreachable.cause).toBe(cause);
    expect(unreachable.message).toBe('ollama engine is not reachable at http://h:11434');
    const aborted = new AbortedError({ operation: 'run r1', reason: 'user' });
    expect(aborted.cause).toBe('user');
    expect(new RegistryError({ key: 'k', message: 'm' }).key).toBe('k');
    const input = new EngineInputError({ field: 'messages[2].role', message: 'no role' });
    expect(input).toMatchObject({ field: 'messages[2].role', message: 'no role' });
    const response = new EngineResponseError({
      engineId: 'vllm',
      url: http.url,
      message: 'not JSON',
      cause,
    });
    expect(response).toMatchObject({ engineId: 'vllm', url: http.url });
    expect(response.cause).toBe(cause);
  });

  it('summarises the body on one line, capped', () => {
    const body = `error:\n\n${'x'.repeat(5000)}`;
    const error = new EngineHttpError({ ...http, body });
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toMatch(/^vllm engine answered HTTP 400: error: x+…$/);
    expect(error.body).toBe(body);
    expect(new EngineHttpError({ ...http, body: '  ' }).message).toContain('(empty body)');
  });

  it('never puts the API key an unauthorized answer may echo into the message', () => {
    const error = new EngineUnauthorizedError({
      ...http,
      status: 401,
      body: '{"error":"Incorrect API key provided: sk-live-abcdefghijklmnopqrstuvwx"}',
    });
    expect(error.message).not.toContain('sk-live');
    expect(error.message).toContain('HTTP 401');
  });

  it('redacts keys, tokens and credentials that a body or URL carries', () => {
    const secrets = [
      'sk-proj-abcdefghijklmnop1234',
      'hf_abcdefghijklmnopqrstuvwxyz12',
      'ghp_abcdefghijklmnopqrstuvwxyz1234567890',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
      'hunter2-password',
      'AIzaSyA-abcdefghijklmnopqrstuvwxyz01234',
    ];
    const bodies = [
      `{"error":"invalid key ${secrets[0]}"}`,
      `token rejected: ${secrets[1]}`,
      `Authorization: Bearer ${secrets[2]}`,
      `{"detail":"bad jwt","token":"${secrets[3]}"}`,
      `password=${secrets[4]}&user=me`,
      `request to https://api.example.com/v1?key=${secrets[5]} failed`,
    ];
    bodies.forEach((body, i) => {
      const message = new EngineHttpError({ ...http, body }).message;
      expect(message, body).not.toContain(secrets[i]);
      expect(message).toContain('[REDACTED]');
    });
    const withCredentials = new EngineUnreachableError({
      engineId: 'vllm',
      url: 'https://admin:s3cret-pass@gpu.internal:8000/v1?api_key=abc123def456',
    });
    expect(withCredentials.message).not.toContain('s3cret-pass');
    expect(withCredentials.message).not.toContain('abc123def456');
    expect(withCredentials.message).toContain('gpu.internal:8000');
    const streamError = new EngineStreamError({
      engineId: 'vllm',
      url: http.url,
      message: `error event: api_key="${secrets[0]}" is invalid`,
    });
    expect(streamError.message).not.toContain(secrets[0]);
  });

  it('leaves ordinary engine explanations readable', () => {
    const body =
      "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens (max_tokens: 512).";
    const error = new ContextLengthExceededError({ ...http, body });
    expect(error.message).toContain(body);
    expect(
      new EngineHttpError({ ...http, body: 'model "llama3:8b" not found, try pulling it first' })
        .message,
    ).toContain('model "llama3:8b" not found, try pulling it first');
  });
});
