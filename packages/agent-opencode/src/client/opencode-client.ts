import ky, { HTTPError, type KyInstance, type Options } from 'ky';
import { z } from 'zod';
import { OpenCodeError } from '../errors.js';
import { type MessageWithParts, messageWithPartsSchema } from '../protocol/messages.js';

export interface OpenCodeClientOptions {
  baseUrl: string;
  username: string;
  password: string;
  /**
   * Bound on each request.
   * @default 15_000
   */
  requestTimeoutMs?: number;
  /**
   * The workspace this client's sessions work in, sent with every request
   * (opencode's `x-opencode-directory`), so that one server serves several.
   * @default the server's own working directory
   */
  directory?: string;
}

export interface PromptBody {
  messageID: string;
  agent: string;
  model: { providerID: string; modelID: string };
  /** `synthetic` parts reach the model but are hidden in opencode's UI. */
  parts: Array<{ type: 'text'; text: string; synthetic?: boolean }>;
  tools?: Record<string, boolean>;
  system?: string;
}

const sessionSchema = z.looseObject({ id: z.string() });
const statusMapSchema = z.record(z.string(), z.looseObject({ type: z.string() }));

/**
 * The few routes of opencode's HTTP API a driver needs, with Basic auth, a
 * bound on every request, and checks that guard against opencode answering
 * unknown routes with its web UI (200 text/html).
 */
export class OpenCodeClient {
  readonly baseUrl: string;
  readonly authorization: string;
  readonly directory: string | undefined;
  readonly #options: OpenCodeClientOptions;
  readonly #http: KyInstance;

  constructor(options: OpenCodeClientOptions) {
    this.#options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.directory = options.directory;
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.#http = ky.create({
      prefixUrl: this.baseUrl,
      headers: {
        authorization: this.authorization,
        // opencode reads the header URL-encoded, as paths may be any text.
        ...(options.directory === undefined
          ? {}
          : { 'x-opencode-directory': encodeURIComponent(options.directory) }),
      },
      timeout: options.requestTimeoutMs ?? 15_000,
      retry: 0,
      throwHttpErrors: true,
    });
  }

  /** The same server, for sessions that work in `directory`. */
  inDirectory(directory: string): OpenCodeClient {
    return new OpenCodeClient({ ...this.#options, directory });
  }

  /** `GET /config`: 200 once the instance has loaded its config; 400 when the config is invalid. */
  async config(signal?: AbortSignal): Promise<Record<string, unknown>> {
    return this.#json(
      'get',
      'config',
      z.record(z.string(), z.unknown()),
      signal === undefined ? {} : { signal },
    );
  }

  /** `GET /agent`: the agents with their effective rules (loads them in the directory's instance). */
  async agents(signal?: AbortSignal): Promise<unknown[]> {
    return this.#json('get', 'agent', z.array(z.unknown()), withSignal(signal));
  }

  /** `GET /config/providers`: the providers and their resolved models (loads them). */
  async providers(signal?: AbortSignal): Promise<unknown> {
    return this.#json('get', 'config/providers', z.unknown(), withSignal(signal));
  }

  async createSession(title: string, signal?: AbortSignal): Promise<string> {
    const session = await this.#json('post', 'session', sessionSchema, {
      json: { title },
      ...withSignal(signal),
    });
    return session.id;
  }

  /**
   * `GET /session/{id}`: true when the server knows the session. Ids that
   * cannot be session ids (opencode answers those with 500) are unknown too.
   */
  async hasSession(sessionId: string, signal?: AbortSignal): Promise<boolean> {
    if (!/^ses[\w-]*$/.test(sessionId)) return false;
    const response = await this.#call('get', `session/${encodeURIComponent(sessionId)}`, {
      ...withSignal(signal),
      throwHttpErrors: false,
    });
    if (response.status === 404) return false;
    if (!response.ok) {
      throw new OpenCodeError(
        'protocol_error',
        `opencode answered GET /session/${sessionId} with HTTP ${response.status}`,
      );
    }
    return true;
  }

  /** `POST /session/{id}/fork`: a new session with the whole history of this one; its id. */
  async forkSession(sessionId: string, signal?: AbortSignal): Promise<string> {
    const session = await this.#json(
      'post',
      `session/${encodeURIComponent(sessionId)}/fork`,
      sessionSchema,
      { json: {}, ...withSignal(signal) },
    );
    return session.id;
  }

  /** `POST /session/{id}/prompt_async`: starts the turn and answers 204 at once. */
  async promptAsync(sessionId: string, body: PromptBody, signal?: AbortSignal): Promise<void> {
    await this.#call('post', `session/${encodeURIComponent(sessionId)}/prompt_async`, {
      json: body,
      ...withSignal(signal),
    });
  }

  async messages(sessionId: string, signal?: AbortSignal): Promise<MessageWithParts[]> {
    return this.#json(
      'get',
      `session/${encodeURIComponent(sessionId)}/message`,
      z.array(messageWithPartsSchema),
      withSignal(signal),
    );
  }

  /** Session ids that are busy (or retrying); idle sessions are absent. */
  async busySessions(signal?: AbortSignal): Promise<string[]> {
    const statuses = await this.#json('get', 'session/status', statusMapSchema, withSignal(signal));
    return Object.entries(statuses)
      .filter(([, status]) => status.type !== 'idle')
      .map(([id]) => id);
  }

  async abort(sessionId: string, signal?: AbortSignal): Promise<void> {
    await this.#call('post', `session/${encodeURIComponent(sessionId)}/abort`, withSignal(signal));
  }

  /** `DELETE /session/{id}`: the session and its messages. */
  async deleteSession(sessionId: string, signal?: AbortSignal): Promise<void> {
    await this.#call('delete', `session/${encodeURIComponent(sessionId)}`, withSignal(signal));
  }

  async replyPermission(
    requestId: string,
    reply: 'once' | 'always' | 'reject',
    signal?: AbortSignal,
  ): Promise<void> {
    await this.#call('post', `permission/${encodeURIComponent(requestId)}/reply`, {
      json: { reply },
      ...withSignal(signal),
    });
  }

  /**
   * `POST /instance/dispose`: frees this client's directory's instance (its
   * file watchers and child processes; opencode never evicts one on its own).
   * Sessions persist; the next request to the directory starts a new instance.
   */
  async disposeInstance(signal?: AbortSignal): Promise<void> {
    await this.#call('post', 'instance/dispose', withSignal(signal));
  }

  async disposeAll(signal?: AbortSignal): Promise<void> {
    await this.#call('post', 'global/dispose', withSignal(signal));
  }

  async #call(
    method: 'get' | 'post' | 'delete',
    path: string,
    options: Options,
  ): Promise<Response> {
    try {
      return await this.#http(path, { method, ...options });
    } catch (error) {
      throw await toOpenCodeError(method, path, error);
    }
  }

  async #json<T>(
    method: 'get' | 'post',
    path: string,
    schema: z.ZodType<T>,
    options: Options,
  ): Promise<T> {
    const response = await this.#call(method, path, options);
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('application/json')) {
      throw new OpenCodeError(
        'protocol_error',
        `opencode answered ${method.toUpperCase()} /${path} with ${type || 'no content type'} instead of JSON; is this the opencode version this package was tested with (1.18)?`,
      );
    }
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) {
      throw new OpenCodeError(
        'protocol_error',
        `opencode's answer to ${method.toUpperCase()} /${path} has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    return parsed.data;
  }
}

function withSignal(signal: AbortSignal | undefined): Options {
  return signal === undefined ? {} : { signal };
}

async function toOpenCodeError(method: string, path: string, error: unknown): Promise<unknown> {
  if (error instanceof HTTPError) {
    let body = '';
    try {
      body = (await error.response.text()).slice(0, 500);
    } catch {
      // the body is only for the message
    }
    return new OpenCodeError(
      'protocol_error',
      `opencode answered ${method.toUpperCase()} /${path} with HTTP ${error.response.status}: ${body || '(empty body)'}`,
      { cause: error },
    );
  }
  if (error instanceof Error && error.name === 'AbortError') return error;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new OpenCodeError(
      'protocol_error',
      `opencode did not answer ${method.toUpperCase()} /${path} in time`,
      {
        cause: error,
      },
    );
  }
  return new OpenCodeError(
    'server_crashed',
    `opencode server is not reachable (${method.toUpperCase()} /${path}): ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}
