import type {
  ChatMessage,
  EngineStatus,
  GenerateOptions,
  GenerateResult,
  InferenceEngine,
  ModelInfo,
  StreamChunk,
  ToolSupport,
} from '@openjarvis/core';
import { EngineInputError, EngineResponseError } from '@openjarvis/core';
import {
  describeAnswer,
  EngineHttpClient,
  type EngineResponse,
  isRecord,
  normalizeHost,
  probe,
  type ResolvedHttpOptions,
  readApiKey,
  resolveHttpOptions,
  sendChat,
  splitNdjsonLines,
  statusOf,
  stopOnAbort,
  validateChatRequest,
} from '@openjarvis/engine-kit';
import { buildOllamaChatBody, type OllamaChatSettings } from './build-ollama-chat-body.js';
import { decodeOllamaChatStream } from './decode-ollama-chat-stream.js';
import { normalizeOllamaHost, ollamaDefaultHost } from './normalize-ollama-host.js';
import {
  readLoadedContextLength,
  readModelfileNumCtx,
  readToolSupport,
  readTrainedContextLength,
} from './ollama-model-facts.js';
import type { OllamaEngineOptions } from './ollama-options.js';
import { parseOllamaReply } from './parse-ollama-reply.js';

/**
 * An adapter for Ollama's native API: `/api/chat` (NDJSON streams, whole tool
 * calls with object arguments, `options.num_ctx`), `/api/tags` for models,
 * `/api/show` for the context window and `/api/version` as liveness probe.
 * `openaiBaseUrl` points at Ollama's `/v1` layer for OpenAI clients, where
 * `num_ctx` cannot be set (the server default applies).
 */
export class OllamaEngine implements InferenceEngine {
  readonly engineId = 'ollama';
  /** The root URL, without `/v1`. */
  readonly host: string;
  /** `host` + `/v1`: Ollama's OpenAI-compatible layer. */
  readonly openaiBaseUrl: string;
  readonly #apiKey: string | undefined;
  readonly #http: EngineHttpClient;
  readonly #timeouts: ResolvedHttpOptions;
  readonly #settings: OllamaChatSettings;
  readonly #warn: (message: string) => void;
  readonly #warned = new Set<string>();

  constructor(options: OllamaEngineOptions = {}) {
    this.host = resolveOllamaHost(options);
    this.openaiBaseUrl = `${this.host}/v1`;
    this.#apiKey = readApiKey(options.apiKey);
    const { numCtx, think, keepAlive } = options;
    if (numCtx !== undefined && (!Number.isInteger(numCtx) || numCtx <= 0)) {
      throw new EngineInputError({ field: 'numCtx', message: 'numCtx must be a positive integer' });
    }
    if (think !== undefined && typeof think !== 'boolean') {
      throw new EngineInputError({ field: 'think', message: 'think must be a boolean' });
    }
    if (keepAlive !== undefined && typeof keepAlive !== 'string' && typeof keepAlive !== 'number') {
      throw new EngineInputError({
        field: 'keepAlive',
        message: 'keepAlive must be a duration string or a number of seconds',
      });
    }
    this.#settings = { numCtx, think: think ?? false, keepAlive };
    this.#timeouts = resolveHttpOptions(options);
    this.#warn =
      options.onWarning ?? ((message) => process.emitWarning(message, 'OpenJarvisWarning'));
    this.#http = new EngineHttpClient({
      engineId: this.engineId,
      host: this.host,
      apiKey: this.#apiKey,
      idleTimeoutMs: this.#timeouts.streamIdleTimeoutMs,
      headers: options.headers,
    });
  }

  /** The proxy key, if one is configured; Ollama itself needs none. */
  get apiKey(): string | undefined {
    return this.#apiKey;
  }

  async generate(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
  ): Promise<GenerateResult> {
    const response = await this.#sendChat(messages, options, false);
    return parseOllamaReply(await response.json(), {
      url: response.context.url,
      model: options.model,
    });
  }

  async *stream(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
  ): AsyncGenerator<StreamChunk, void, undefined> {
    const response = await this.#sendChat(messages, options, true);
    const chunks = decodeOllamaChatStream(
      splitNdjsonLines(response.chunks()),
      response.context.url,
    );
    yield* stopOnAbort(chunks, options.signal, 'ollama stream');
  }

  /** The pulled models (`/api/tags`). Their context windows need `contextLength()`. */
  async listModels(options: { signal?: AbortSignal } = {}): Promise<ModelInfo[]> {
    const response = await this.#http.send({
      method: 'GET',
      path: 'api/tags',
      signal: options.signal,
      timeoutMs: this.#timeouts.probeTimeoutMs,
      operation: 'list models',
    });
    if (!response.ok) throw await response.error();
    const names = readModelNames(await response.json());
    if (names === undefined) {
      throw new EngineResponseError({
        engineId: this.engineId,
        url: response.context.url,
        message: `ollama answered ${response.context.url} without a models[] list`,
      });
    }
    return names.map((id) => ({ id }));
  }

  /**
   * The configured `numCtx` when set (that is the window requests run with);
   * else `num_ctx` from the model's Modelfile, else the trained maximum
   * (`<arch>.context_length` from `/api/show`). Without `numCtx` the server's
   * default window may be smaller than the trained maximum.
   */
  async contextLength(
    model: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<number | undefined> {
    if (this.#settings.numCtx !== undefined) return this.#settings.numCtx;
    const show = await this.#show(model, options.signal);
    return readModelfileNumCtx(show) ?? readTrainedContextLength(show);
  }

  /**
   * The window clients of `openaiBaseUrl` (opencode) get. Ollama's `/v1`
   * cannot carry `num_ctx`, so `numCtx` does not apply there: it is the
   * Modelfile's `num_ctx`, else what `/api/ps` reports for the loaded model,
   * else unknown (the server's default, `OLLAMA_CONTEXT_LENGTH` or a size
   * Ollama picks from the VRAM, is not exposed before the model loads).
   */
  async openaiContextLength(
    model: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<number | undefined> {
    const fromModelfile = readModelfileNumCtx(await this.#show(model, options.signal));
    if (fromModelfile !== undefined) return fromModelfile;
    const response = await this.#http.send({
      method: 'GET',
      path: 'api/ps',
      signal: options.signal,
      timeoutMs: this.#timeouts.probeTimeoutMs,
      operation: 'list loaded models',
    });
    if (!response.ok) {
      await response.discard();
      return undefined;
    }
    return readLoadedContextLength(await response.json(), model);
  }

  /** From `/api/show`'s `capabilities`: Ollama knows from the template whether a model has tools. */
  async toolSupport(model: string, options: { signal?: AbortSignal } = {}): Promise<ToolSupport> {
    return readToolSupport(await this.#show(model, options.signal));
  }

  async health(options: { signal?: AbortSignal } = {}): Promise<boolean> {
    return (await this.status(options)).state === 'ok';
  }

  /** `GET /api/version` (liveness, version), then `GET /api/tags` (models; the key, behind a proxy). */
  async status(options: { signal?: AbortSignal } = {}): Promise<EngineStatus> {
    const timeout = this.#timeouts.probeTimeoutMs;
    const version = await probe(this.#http, 'api/version', timeout, options.signal);
    if (version.kind === 'unreachable') return statusOf('unreachable', version.detail);
    const unauthorized = (status: number) =>
      statusOf(
        'unauthorized',
        this.#apiKey === undefined
          ? `ollama at ${this.host} wants an API key (HTTP ${status}), so a proxy guards it; set the apiKey option`
          : `ollama at ${this.host} rejected the configured API key (HTTP ${status}); check the apiKey option`,
      );
    if (version.status === 401 || version.status === 403) return unauthorized(version.status);
    if (version.status !== 200) {
      return statusOf(
        'unhealthy',
        `ollama answered ${version.url} with ${describeAnswer(version)}`,
      );
    }
    const reported = readVersion(version.body);
    const tags = await probe(this.#http, 'api/tags', timeout, options.signal);
    if (tags.kind === 'unreachable') return statusOf('unreachable', tags.detail);
    if (tags.status === 401 || tags.status === 403) return unauthorized(tags.status);
    const models = tags.status === 200 ? readModelNames(safeJson(tags.body)) : undefined;
    if (models === undefined) {
      return statusOf('unhealthy', `ollama answered ${tags.url} with ${describeAnswer(tags)}`);
    }
    const served =
      models.length === 0
        ? 'no model pulled yet (ollama pull <model>)'
        : `${models.length} model${models.length === 1 ? '' : 's'}: ${models.join(', ')}`;
    const extra = reported === undefined ? { models } : { models, version: reported };
    return statusOf(
      'ok',
      `ollama${reported === undefined ? '' : ` ${reported}`} at ${this.host} is up, with ${served}`,
      extra,
    );
  }

  async close(): Promise<void> {
    this.#http.close();
  }

  async #show(model: string, signal: AbortSignal | undefined): Promise<unknown> {
    const response = await this.#http.send({
      method: 'POST',
      path: 'api/show',
      json: { model },
      signal,
      timeoutMs: this.#timeouts.probeTimeoutMs,
      operation: 'show model',
    });
    if (!response.ok) throw await response.error({ model });
    return response.json();
  }

  async #sendChat(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
    stream: boolean,
  ): Promise<EngineResponse> {
    validateChatRequest(messages, options);
    this.#checkToolChoice(options);
    return sendChat(this.#http, {
      path: 'api/chat',
      json: buildOllamaChatBody(messages, options, stream, this.#settings),
      signal: options.signal,
      timeoutMs: this.#timeouts.requestTimeoutMs,
      ...(stream
        ? { operation: 'stream', accept: 'application/x-ndjson' }
        : { operation: 'generate' }),
      model: options.model,
    });
  }

  #checkToolChoice(options: GenerateOptions): void {
    const choice = options.toolChoice;
    if (choice === undefined || choice === 'auto' || choice === 'none') return;
    if (options.tools === undefined || options.tools.length === 0) return;
    const kind = typeof choice === 'string' ? choice : 'function';
    if (this.#warned.has(kind)) return;
    this.#warned.add(kind);
    this.#warn(
      `ollama's native API cannot force a tool call; toolChoice ${JSON.stringify(choice)} is sent as plain tools and the model may answer without calling one`,
    );
  }
}

function resolveOllamaHost(options: OllamaEngineOptions): string {
  const explicit = options.host;
  if (explicit !== undefined) {
    if (typeof explicit !== 'string' || explicit.trim() === '') {
      throw new EngineInputError({ field: 'host', message: 'host must be a non-empty URL string' });
    }
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(explicit.trim())
      ? normalizeHost(explicit)
      : normalizeOllamaHost(explicit, 'host');
  }
  const fromEnv = (options.env ?? process.env).OLLAMA_HOST;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return normalizeOllamaHost(fromEnv);
  return ollamaDefaultHost;
}

function readModelNames(payload: unknown): string[] | undefined {
  if (!isRecord(payload) || !Array.isArray(payload.models)) return undefined;
  const names: string[] = [];
  for (const model of payload.models) {
    if (!isRecord(model)) continue;
    const name = typeof model.name === 'string' ? model.name : model.model;
    if (typeof name === 'string') names.push(name);
  }
  return names;
}

function readVersion(body: string): string | undefined {
  const payload = safeJson(body);
  return isRecord(payload) && typeof payload.version === 'string' ? payload.version : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
