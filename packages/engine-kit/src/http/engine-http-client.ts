import { AbortedError } from '@openjarvis/core';
import ky, { type KyInstance } from 'ky';
import { EngineResponse } from './engine-response.js';
import type { RequestContext } from './request-context.js';
import { RequestScope } from './request-scope.js';
import { transportFailure } from './transport-failure.js';

export interface EngineHttpClientOptions {
  engineId: string;
  /** The engine's root URL, without `/v1`. */
  host: string;
  apiKey?: string | undefined;
  /** Longest silence allowed while reading a body. */
  idleTimeoutMs: number;
  /** Extra headers sent with every request. */
  headers?: Readonly<Record<string, string>> | undefined;
}

export interface EngineRequest {
  method: 'GET' | 'POST';
  /** Relative to the host, without a leading slash, e.g. `v1/models`. */
  path: string;
  json?: unknown;
  signal?: AbortSignal | undefined;
  /** How long to wait for the response headers. */
  timeoutMs: number;
  /** Short name of the operation for error messages, e.g. `generate`. */
  operation: string;
  accept?: string;
}

/**
 * The one HTTP client of an engine adapter: a ky instance bound to the host
 * and key, with the choices that matter made explicitly. No retries (a retried
 * generation costs a second generation, and a retried probe hides an outage),
 * no automatic redirects (a 301/302 would turn a POST into a GET; a 3xx is
 * reported instead), HTTP errors returned rather than thrown so that the body
 * can be classified, and no ky timeout: each request's own scope bounds every
 * wait, so a call settles even if the library's promise never does.
 */
export class EngineHttpClient {
  readonly engineId: string;
  readonly host: string;
  readonly #ky: KyInstance;
  readonly #idleTimeoutMs: number;
  readonly #inFlight = new Set<RequestScope>();
  #closed = false;

  constructor(options: EngineHttpClientOptions) {
    this.engineId = options.engineId;
    this.host = options.host;
    this.#idleTimeoutMs = options.idleTimeoutMs;
    const headers: Record<string, string> = { ...options.headers };
    if (options.apiKey !== undefined && options.apiKey !== '') {
      headers.authorization = `Bearer ${options.apiKey}`;
    }
    this.#ky = ky.create({
      prefixUrl: `${options.host}/`,
      headers,
      retry: 0,
      // The scope bounds the wait for headers (see RequestScope.bound).
      timeout: false,
      redirect: 'manual',
      throwHttpErrors: false,
    });
  }

  /** The absolute URL of a path, as shown in errors. */
  url(path: string): string {
    return `${this.host}/${path}`;
  }

  /**
   * Sends a request and resolves once the response headers are in, whatever
   * the status. Transport failures reject with core's typed errors.
   */
  async send(request: EngineRequest): Promise<EngineResponse> {
    const context: RequestContext = {
      engineId: this.engineId,
      url: this.url(request.path),
      operation: `${this.engineId} ${request.operation}`,
    };
    const timeouts = { headersTimeoutMs: request.timeoutMs, idleTimeoutMs: this.#idleTimeoutMs };
    if (this.#closed) throw new AbortedError({ operation: `${context.operation} (engine closed)` });
    const scope = new RequestScope(request.signal);
    if (scope.ended !== undefined) {
      scope.dispose();
      throw transportFailure(undefined, 'connect', scope, context, timeouts);
    }
    this.#inFlight.add(scope);
    const settle = (): void => {
      scope.dispose();
      this.#inFlight.delete(scope);
    };
    try {
      const response = await scope.bound(
        this.#ky(request.path, {
          method: request.method,
          json: request.json,
          signal: scope.signal,
          headers: { accept: request.accept ?? 'application/json' },
        }),
        request.timeoutMs,
      );
      return new EngineResponse(response, scope, context, timeouts, settle);
    } catch (error) {
      settle();
      throw transportFailure(error, 'connect', scope, context, timeouts);
    }
  }

  /** Aborts every request in flight; later requests fail with `AbortedError`. */
  close(): void {
    this.#closed = true;
    for (const scope of this.#inFlight) scope.end('closed');
    this.#inFlight.clear();
  }
}
