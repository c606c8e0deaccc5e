import {
  ContextLengthExceededError,
  EngineLoadingError,
  EngineUnauthorizedError,
  EngineUnreachableError,
} from '../errors/engine-errors.js';
import { AbortedError, TimeoutError } from '../errors/run-errors.js';
import type { AgentErrorKind } from './failure.js';

/**
 * Classifies an error thrown during a run. `signal` is the run's: once it is
 * aborted the failure is `aborted` (or `timeout` when the abort reason is a
 * timeout, as with `AbortSignal.timeout`), whatever the engine threw after.
 */
export function errorKindOf(error: unknown, signal?: AbortSignal): AgentErrorKind {
  if (signal?.aborted) return isTimeout(signal.reason) ? 'timeout' : 'aborted';
  if (isTimeout(error)) return 'timeout';
  if (AbortedError.isInstance(error) || nameOf(error) === 'AbortError') return 'aborted';
  if (EngineUnreachableError.isInstance(error)) return 'engine_unreachable';
  if (ContextLengthExceededError.isInstance(error)) return 'context_length_exceeded';
  if (EngineUnauthorizedError.isInstance(error)) return 'unauthorized';
  if (EngineLoadingError.isInstance(error)) return 'engine_loading';
  return 'engine_error';
}

function isTimeout(value: unknown): boolean {
  return TimeoutError.isInstance(value) || nameOf(value) === 'TimeoutError';
}

// DOMException (what fetch and AbortSignal.timeout use) is not an Error subclass in every runtime.
function nameOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('name' in value)) return undefined;
  return typeof value.name === 'string' ? value.name : undefined;
}
