import type { OptionsIssue } from '../registry/options-schema.js';
import { formatFieldPath } from './field-path.js';
import { hasMarker, JarvisError } from './jarvis-error.js';

const timeoutMarker = Symbol.for('openjarvis.error.TimeoutError');
const abortedMarker = Symbol.for('openjarvis.error.AbortedError');
const registryMarker = Symbol.for('openjarvis.error.RegistryError');
const invalidOptionsMarker = Symbol.for('openjarvis.error.InvalidOptionsError');

/** A bounded wait ran out. `operation` says which one. */
export class TimeoutError extends JarvisError {
  readonly [timeoutMarker] = true;
  readonly operation: string;
  readonly timeoutMs: number;

  constructor(options: { operation: string; timeoutMs: number; cause?: unknown }) {
    super(`${options.operation} timed out after ${options.timeoutMs} ms`, {
      cause: options.cause,
    });
    this.name = 'TimeoutError';
    this.operation = options.operation;
    this.timeoutMs = options.timeoutMs;
  }

  static override isInstance(error: unknown): error is TimeoutError {
    return hasMarker(error, timeoutMarker);
  }
}

/** The caller aborted the operation through its `AbortSignal`. */
export class AbortedError extends JarvisError {
  readonly [abortedMarker] = true;
  readonly operation: string;

  constructor(options: { operation: string; reason?: unknown }) {
    super(`${options.operation} was aborted`, { cause: options.reason });
    this.name = 'AbortedError';
    this.operation = options.operation;
  }

  static override isInstance(error: unknown): error is AbortedError {
    return hasMarker(error, abortedMarker);
  }
}

/** A registry was asked for a key it does not have, or to register one twice. */
export class RegistryError extends JarvisError {
  readonly [registryMarker] = true;
  readonly key: string;

  constructor(options: { key: string; message: string }) {
    super(options.message);
    this.name = 'RegistryError';
    this.key = options.key;
  }

  static override isInstance(error: unknown): error is RegistryError {
    return hasMarker(error, registryMarker);
  }
}

/**
 * The options given to a registered agent or engine type failed its
 * `optionsSchema`. `issues` say where; the message names each field.
 */
export class InvalidOptionsError extends JarvisError {
  readonly [invalidOptionsMarker] = true;
  /** The registered name, e.g. `ollama`. */
  readonly key: string;
  readonly issues: readonly OptionsIssue[];

  constructor(options: { kind: string; key: string; issues: readonly OptionsIssue[] }) {
    const problems = options.issues.map((issue) =>
      issue.path.length === 0 ? issue.message : `${formatFieldPath(issue.path)}: ${issue.message}`,
    );
    super(`invalid options for ${options.kind} "${options.key}": ${problems.join('; ')}`);
    this.name = 'InvalidOptionsError';
    this.key = options.key;
    this.issues = options.issues;
  }

  static override isInstance(error: unknown): error is InvalidOptionsError {
    return hasMarker(error, invalidOptionsMarker);
  }
}
