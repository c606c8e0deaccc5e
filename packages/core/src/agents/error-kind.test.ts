import { describe, expect, it } from 'vitest';
import { EngineInputError, EngineResponseError, FramingError } from '../errors/adapter-errors.js';
import {
  EngineLoadingError,
  EngineStreamError,
  ModelNotFoundError,
} from '../errors/engine-errors.js';
import { AbortedError, TimeoutError } from '../errors/run-errors.js';
import { errorKindOf } from './error-kind.js';

const http = { engineId: 'e', url: 'u', body: '' };

describe('errorKindOf', () => {
  it('maps the other engine errors to engine_error', () => {
    expect(errorKindOf(new ModelNotFoundError({ ...http, status: 404, model: 'm' }))).toBe(
      'engine_error',
    );
    expect(errorKindOf(new EngineLoadingError({ ...http, status: 503 }))).toBe('engine_loading');
    expect(errorKindOf(new EngineStreamError({ engineId: 'e', url: 'u', message: 'cut' }))).toBe(
      'engine_error',
    );
    expect(errorKindOf(new EngineResponseError({ ...http, message: 'not JSON' }))).toBe(
      'engine_error',
    );
    expect(errorKindOf(new EngineInputError({ field: 'host', message: 'bad' }))).toBe(
      'engine_error',
    );
    expect(errorKindOf(new FramingError('too long'))).toBe('engine_error');
    expect(errorKindOf(undefined)).toBe('engine_error');
  });

  it('recognises aborts and timeouts by class or by name', () => {
    expect(errorKindOf(new AbortedError({ operation: 'x' }))).toBe('aborted');
    expect(errorKindOf(new DOMException('x', 'AbortError'))).toBe('aborted');
    expect(errorKindOf(new TimeoutError({ operation: 'x', timeoutMs: 1 }))).toBe('timeout');
    expect(errorKindOf(new DOMException('x', 'TimeoutError'))).toBe('timeout');
  });

  it('lets an aborted signal decide, whatever was thrown afterwards', () => {
    expect(errorKindOf(new Error('socket closed'), AbortSignal.abort())).toBe('aborted');
    const timedOut = new AbortController();
    timedOut.abort(new TimeoutError({ operation: 'run', timeoutMs: 5 }));
    expect(errorKindOf(new Error('socket closed'), timedOut.signal)).toBe('timeout');
    expect(errorKindOf(new Error('x'), new AbortController().signal)).toBe('engine_error');
  });
});
