import { type EngineHttpError, EngineResponseError } from '@openjarvis/core';
import { classifyHttpError } from '../errors/classify-http-error.js';
import type { RequestContext } from './request-context.js';
import type { RequestScope } from './request-scope.js';
import { type FailureTimeouts, transportFailure } from './transport-failure.js';

/** Bodies read whole (`text()`, `json()`) are bounded so a runaway reply cannot exhaust memory. */
const maxWholeBodyBytes = 64 * 1024 * 1024;

/**
 * A response whose headers have arrived. Its body is read through `chunks()`,
 * `text()` or `json()`, each bounded by the idle timeout and cancellable
 * through the request's signal; whichever way reading ends, the request's
 * socket is released.
 */
export class EngineResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly context: RequestContext;
  readonly #response: Response;
  readonly #scope: RequestScope;
  readonly #timeouts: FailureTimeouts;
  readonly #onSettled: () => void;
  #consumed = false;

  constructor(
    response: Response,
    scope: RequestScope,
    context: RequestContext,
    timeouts: FailureTimeouts,
    onSettled: () => void,
  ) {
    this.#response = response;
    this.status = response.status;
    this.headers = response.headers;
    this.#scope = scope;
    this.context = context;
    this.#timeouts = timeouts;
    this.#onSettled = onSettled;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The body, chunk by chunk. Stopping early (break, return, throw) cancels the request. */
  async *chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.#consumed) throw new Error('response body already read');
    this.#consumed = true;
    const body = this.#response.body;
    if (body === null) {
      this.#settle();
      return;
    }
    const reader = body.getReader();
    const scope = this.#scope;
    let waiting = false;
    let finished = false;
    // One timer re-armed before each read: cheaper than a race per chunk, and
    // disarmed while the consumer holds a chunk so its own pace never counts.
    const timer = setTimeout(() => {
      if (waiting) scope.end('idle');
    }, this.#timeouts.idleTimeoutMs);
    try {
      for (;;) {
        let result: Awaited<ReturnType<typeof reader.read>>;
        waiting = true;
        timer.refresh();
        try {
          result = await reader.read();
        } catch (error) {
          throw transportFailure(error, 'body', scope, this.context, this.#timeouts);
        } finally {
          waiting = false;
        }
        if (result.done) {
          finished = true;
          return;
        }
        // Reporting a caller abort that raced a delivered chunk promptly.
        if (scope.ended !== undefined) {
          throw transportFailure(undefined, 'body', scope, this.context, this.#timeouts);
        }
        yield result.value;
      }
    } finally {
      clearTimeout(timer);
      if (!finished) {
        scope.end('released');
        await reader.cancel().catch(() => undefined);
      }
      this.#settle();
    }
  }

  /** The whole body as text (UTF-8). */
  async text(): Promise<string> {
    const decoder = new TextDecoder();
    let text = '';
    let size = 0;
    for await (const chunk of this.chunks()) {
      size += chunk.byteLength;
      if (size > maxWholeBodyBytes) {
        throw new EngineResponseError({
          engineId: this.context.engineId,
          url: this.context.url,
          message: `${this.context.engineId} response from ${this.context.url} is larger than ${maxWholeBodyBytes} bytes`,
        });
      }
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  }

  /** The body parsed as JSON; a body that is not JSON is an `EngineResponseError`. */
  async json(): Promise<unknown> {
    const text = await this.text();
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new EngineResponseError({
        engineId: this.context.engineId,
        url: this.context.url,
        message: `${this.context.engineId} answered ${this.context.url} with a body that is not JSON: ${preview(text)}`,
        cause: error,
      });
    }
  }

  /** Reads the body of a non-2xx response and returns the typed error it stands for. */
  async error(details: { model?: string } = {}): Promise<EngineHttpError> {
    let body = '';
    try {
      body = await this.text();
    } catch {
      // The status alone still classifies the failure.
    }
    return classifyHttpError({
      engineId: this.context.engineId,
      url: this.context.url,
      status: this.status,
      body,
      location: this.headers.get('location') ?? undefined,
      ...details,
    });
  }

  /** Drops the body without reading it. */
  async discard(): Promise<void> {
    if (this.#consumed) return;
    this.#consumed = true;
    await this.#response.body?.cancel().catch(() => undefined);
    this.#settle();
  }

  #settle(): void {
    this.#scope.dispose();
    this.#onSettled();
  }
}

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return '(empty body)';
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}
