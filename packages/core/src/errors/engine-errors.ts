import { hasMarker, JarvisError } from './jarvis-error.js';
import { redactSecrets } from './redact-secrets.js';

const unreachableMarker = Symbol.for('openjarvis.error.EngineUnreachableError');
const httpMarker = Symbol.for('openjarvis.error.EngineHttpError');
const contextMarker = Symbol.for('openjarvis.error.ContextLengthExceededError');
const unauthorizedMarker = Symbol.for('openjarvis.error.EngineUnauthorizedError');
const modelNotFoundMarker = Symbol.for('openjarvis.error.ModelNotFoundError');
const toolsUnsupportedMarker = Symbol.for('openjarvis.error.ToolsUnsupportedError');
const loadingMarker = Symbol.for('openjarvis.error.EngineLoadingError');
const streamMarker = Symbol.for('openjarvis.error.EngineStreamError');

/** The engine could not be reached: connection refused, DNS failure, socket reset before a response. */
export class EngineUnreachableError extends JarvisError {
  readonly [unreachableMarker] = true;
  readonly engineId: string;
  readonly url: string;

  constructor(options: { engineId: string; url: string; cause?: unknown; message?: string }) {
    super(options.message ?? `${options.engineId} engine is not reachable at ${options.url}`, {
      cause: options.cause,
    });
    this.name = 'EngineUnreachableError';
    this.engineId = options.engineId;
    this.url = options.url;
  }

  static override isInstance(error: unknown): error is EngineUnreachableError {
    return hasMarker(error, unreachableMarker);
  }
}

export interface EngineHttpErrorOptions {
  engineId: string;
  url: string;
  status: number;
  /** The response body as text (engines put their explanation here). */
  body: string;
  message?: string;
  cause?: unknown;
}

/** The engine answered with a non-2xx status. Subclasses name the common causes. */
export class EngineHttpError extends JarvisError {
  readonly [httpMarker] = true;
  readonly engineId: string;
  readonly url: string;
  readonly status: number;
  readonly body: string;

  constructor(options: EngineHttpErrorOptions) {
    super(
      options.message ??
        `${options.engineId} engine answered HTTP ${options.status}: ${summarizeBody(options.body)}`,
      { cause: options.cause },
    );
    this.name = 'EngineHttpError';
    this.engineId = options.engineId;
    this.url = options.url;
    this.status = options.status;
    this.body = options.body;
  }

  static override isInstance(error: unknown): error is EngineHttpError {
    return hasMarker(error, httpMarker);
  }
}

/** The prompt does not fit the model's context window. */
export class ContextLengthExceededError extends EngineHttpError {
  readonly [contextMarker] = true;
  /** Tokens in the rejected prompt (its input), when the engine said. */
  readonly inputTokens: number | undefined;
  /** The context window, when the engine said. */
  readonly contextLength: number | undefined;

  constructor(options: EngineHttpErrorOptions & { inputTokens?: number; contextLength?: number }) {
    super(options);
    this.name = 'ContextLengthExceededError';
    this.inputTokens = options.inputTokens;
    this.contextLength = options.contextLength;
  }

  static override isInstance(error: unknown): error is ContextLengthExceededError {
    return hasMarker(error, contextMarker);
  }
}

/** The engine rejected the API key (or wants one). A wrong key is not "engine down". */
export class EngineUnauthorizedError extends EngineHttpError {
  readonly [unauthorizedMarker] = true;

  constructor(options: EngineHttpErrorOptions) {
    super({
      ...options,
      message:
        options.message ??
        `${options.engineId} engine rejected the API key (HTTP ${options.status}); check the key configured for it`,
    });
    this.name = 'EngineUnauthorizedError';
  }

  static override isInstance(error: unknown): error is EngineUnauthorizedError {
    return hasMarker(error, unauthorizedMarker);
  }
}

/** The engine does not serve the requested model (Ollama: not pulled; vLLM: not the served id). */
export class ModelNotFoundError extends EngineHttpError {
  readonly [modelNotFoundMarker] = true;
  readonly model: string;

  constructor(options: EngineHttpErrorOptions & { model: string }) {
    super({
      ...options,
      message:
        options.message ??
        `${options.engineId} engine does not serve model "${options.model}": ${summarizeBody(options.body)}`,
    });
    this.name = 'ModelNotFoundError';
    this.model = options.model;
  }

  static override isInstance(error: unknown): error is ModelNotFoundError {
    return hasMarker(error, modelNotFoundMarker);
  }
}

/** The engine or model cannot do tool calling as asked (vLLM without tool flags, Ollama models without tools). */
export class ToolsUnsupportedError extends EngineHttpError {
  readonly [toolsUnsupportedMarker] = true;

  constructor(options: EngineHttpErrorOptions) {
    super(options);
    this.name = 'ToolsUnsupportedError';
  }

  static override isInstance(error: unknown): error is ToolsUnsupportedError {
    return hasMarker(error, toolsUnsupportedMarker);
  }
}

/** The engine is up but still loading its model (llama-server answers 503 meanwhile). */
export class EngineLoadingError extends EngineHttpError {
  readonly [loadingMarker] = true;

  constructor(options: EngineHttpErrorOptions) {
    super(options);
    this.name = 'EngineLoadingError';
  }

  static override isInstance(error: unknown): error is EngineLoadingError {
    return hasMarker(error, loadingMarker);
  }
}

/**
 * A stream that started well went wrong: an error event inside a 200 stream, a
 * malformed chunk, or a stream that ended without its terminator.
 */
export class EngineStreamError extends JarvisError {
  readonly [streamMarker] = true;
  readonly engineId: string;
  readonly url: string;

  constructor(options: { engineId: string; url: string; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'EngineStreamError';
    this.engineId = options.engineId;
    this.url = options.url;
  }

  static override isInstance(error: unknown): error is EngineStreamError {
    return hasMarker(error, streamMarker);
  }
}

const maxBodyInMessage = 300;

// Redacted before it is cut, so that a cut cannot leave a secret too short to recognise.
function summarizeBody(body: string): string {
  const oneLine = redactSecrets(body.replace(/\s+/g, ' ').trim());
  if (oneLine === '') return '(empty body)';
  return oneLine.length > maxBodyInMessage ? `${oneLine.slice(0, maxBodyInMessage)}…` : oneLine;
}
