import {
  AbortedError,
  EngineStreamError,
  EngineUnreachableError,
  JarvisError,
  TimeoutError,
} from '@openjarvis/core';
import type { RequestContext } from './request-context.js';
import type { RequestScope } from './request-scope.js';

/** Where in a request a failure happened. */
export type RequestPhase = 'connect' | 'body';

export interface FailureTimeouts {
  headersTimeoutMs: number;
  idleTimeoutMs: number;
}

/**
 * Maps whatever fetch or ky threw to one of core's typed errors.
 *
 * The scope is asked first: an abort we caused ourselves surfaces from fetch
 * as an anonymous `AbortError`, and only the scope knows whether the caller,
 * the headers or idle timer, or `close()` was behind it. ky's own errors are
 * not kept as `cause`, because they hold the `Request`, whose headers carry
 * the API key.
 */
export function transportFailure(
  error: unknown,
  phase: RequestPhase,
  scope: RequestScope,
  context: RequestContext,
  timeouts: FailureTimeouts,
): JarvisError {
  switch (scope.ended) {
    case 'caller':
      return new AbortedError({ operation: context.operation, reason: scope.callerReason });
    case 'closed':
      return new AbortedError({ operation: `${context.operation} (engine closed)` });
    case 'headers':
      return new TimeoutError({
        operation: `${context.operation}: waiting for a response from ${context.url}`,
        timeoutMs: timeouts.headersTimeoutMs,
      });
    case 'idle':
      return new TimeoutError({
        operation: `${context.operation}: waiting for data from ${context.url}`,
        timeoutMs: timeouts.idleTimeoutMs,
      });
    default:
      break;
  }
  if (JarvisError.isInstance(error)) return error;
  const code = errorCode(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TimeoutError({
      operation: `${context.operation}: ${context.url} (Node fetch ${code})`,
      timeoutMs: timeouts.headersTimeoutMs,
    });
  }
  if (phase === 'body') {
    return new EngineStreamError({
      engineId: context.engineId,
      url: context.url,
      message: `${context.engineId} connection was lost while reading the response from ${context.url} (${describeCause(error)})`,
      cause: error,
    });
  }
  return new EngineUnreachableError({
    engineId: context.engineId,
    url: context.url,
    message: `${context.engineId} engine is not reachable at ${context.url} (${describeCause(error)})`,
    cause: error,
  });
}

const codeDescriptions: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'socket closed by the engine',
};

// Failures fetch reports with a bare message and no code.
const messageDescriptions = new Map<string, string>([
  // fetch refuses the ports of the WHATWG "bad port" list (6000, 6665-6669,
  // 9, ...) before connecting; the engine may well be listening there.
  [
    'bad port',
    'Node\'s fetch refuses to connect to this port (a blocked "bad port"); serve the engine on another port',
  ],
]);

/** A short human reason, e.g. "connection refused". */
export function describeCause(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined) return codeDescriptions[code] ?? code;
  const known = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const described = messageDescriptions.get(known);
  if (described !== undefined) return described;
  if (error instanceof Error) {
    const inner = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${inner}`;
  }
  return String(error);
}

/** The system or undici error code, looking through fetch's `TypeError` wrapper. */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      current = errors[0];
      continue;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
