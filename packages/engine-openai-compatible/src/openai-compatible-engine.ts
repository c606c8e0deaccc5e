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
  findModel,
  normalizeHost,
  type OpenAIModelEntry,
  type ProbeOutcome,
  parseOpenAIModelList,
  probe,
  type ResolvedHttpOptions,
  readApiKey,
  readSseEventBatches,
  resolveHttpOptions,
  sendChat,
  statusOf,
  stopOnAbort,
  toModelInfo,
  validateChatRequest,
} from '@openjarvis/engine-kit';
import { buildOpenAIChatBody } from './chat/build-openai-chat-body.js';
import { parseOpenAICompletion } from './chat/parse-openai-completion.js';
import type { OpenAICompatibleEngineOptions } from './openai-compatible-options.js';
import { decodeOpenAIChatStream } from './streaming/decode-openai-chat-stream.js';

const chatPath = 'v1/chat/completions';
const modelsPath = 'v1/models';

/**
 * An adapter for any server with an OpenAI-compatible `/v1/chat/completions`,
 * and the base of the vLLM and llama.cpp adapters, which override the
 * protected hooks (`probePublic`, `prepareChat`, …) where their engine differs.
 */
export class OpenAICompatibleEngine implements InferenceEngine {
  readonly engineId: string;
  /** The root URL, without `/v1`. */
  readonly host: string;
  /** `host` + `/v1`: where OpenAI clients (opencode) should point. */
  readonly openaiBaseUrl: string;
  protected readonly http: EngineHttpClient;
  protected readonly timeouts: ResolvedHttpOptions;
  readonly #apiKey: string | undefined;

  constructor(options: OpenAICompatibleEngineOptions = {}) {
    const engineId = options.engineId ?? 'openai-compatible';
    if (typeof engineId !== 'string' || engineId.trim() === '') {
      throw new EngineInputError({
        field: 'engineId',
        message: 'engineId must be a non-empty string',
      });
    }
    if (options.host === undefined) {
      throw new EngineInputError({
        field: 'host',
        message: `${engineId} engine needs a host, e.g. http://127.0.0.1:8000`,
      });
    }
    this.#apiKey = readApiKey(options.apiKey);
    this.engineId = engineId;
    this.host = normalizeHost(options.host);
    this.openaiBaseUrl = `${this.host}/v1`;
    this.timeouts = resolveHttpOptions(options);
    this.http = new EngineHttpClient({
      engineId,
      host: this.host,
      apiKey: this.#apiKey,
      idleTimeoutMs: this.timeouts.streamIdleTimeoutMs,
      headers: options.headers,
    });
  }

  /** The key sent as Bearer token, for clients pointed at `openaiBaseUrl`. */
  get apiKey(): string | undefined {
    return this.#apiKey;
  }

  async generate(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
  ): Promise<GenerateResult> {
    const response = await this.#sendChat(messages, options, false);
    const payload = await response.json();
    return parseOpenAICompletion(payload, {
      engineId: this.engineId,
      url: response.context.url,
      model: options.model,
    });
  }

  async *stream(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
  ): AsyncGenerator<StreamChunk, void, undefined> {
    const response = await this.#sendChat(messages, options, true);
    const chunks = decodeOpenAIChatStream(readSseEventBatches(response.chunks()), {
      engineId: this.engineId,
      url: response.context.url,
    });
    yield* stopOnAbort(chunks, options.signal, `${this.engineId} stream`);
  }

  async listModels(options: { signal?: AbortSignal } = {}): Promise<ModelInfo[]> {
    const entries = await this.fetchModelEntries(options.signal);
    return entries.map(toModelInfo);
  }

  async contextLength(
    model: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<number | undefined> {
    const entries = await this.fetchModelEntries(options.signal);
    return findModel(entries, model)?.contextLength;
  }

  /** A generic OpenAI-compatible server has no way to tell before a chat. */
  async toolSupport(_model: string, _options: { signal?: AbortSignal } = {}): Promise<ToolSupport> {
    return 'unknown';
  }

  async health(options: { signal?: AbortSignal } = {}): Promise<boolean> {
    return (await this.status(options)).state === 'ok';
  }

  /**
   * The engine's cheap public probe first (when it has one), then an
   * authenticated `GET /v1/models`, so that a wrong key reads as
   * `unauthorized`, not as "down".
   */
  async status(options: { signal?: AbortSignal } = {}): Promise<EngineStatus> {
    const publicStatus = await this.probePublic(options.signal);
    if (publicStatus !== undefined && publicStatus.state !== 'ok') return publicStatus;
    const outcome = await probe(
      this.http,
      modelsPath,
      this.timeouts.probeTimeoutMs,
      options.signal,
    );
    const status = this.interpretModelsProbe(outcome);
    if (status.version === undefined && publicStatus?.version !== undefined) {
      status.version = publicStatus.version;
    }
    return status;
  }

  async close(): Promise<void> {
    this.http.close();
  }

  /** The engine's unauthenticated liveness check; none for a generic server. */
  protected async probePublic(_signal: AbortSignal | undefined): Promise<EngineStatus | undefined> {
    return undefined;
  }

  /** Runs before a chat request is sent; llama.cpp checks its template's tool support here. */
  protected async prepareChat(
    _messages: readonly ChatMessage[],
    _options: GenerateOptions,
  ): Promise<void> {}

  /** The environment variable that holds this engine's key, named in status details. */
  protected get apiKeyVariable(): string | undefined {
    return undefined;
  }

  /** `GET /v1/models`, parsed; failures are core's typed errors. */
  protected async fetchModelEntries(signal: AbortSignal | undefined): Promise<OpenAIModelEntry[]> {
    const response = await this.http.send({
      method: 'GET',
      path: modelsPath,
      signal,
      timeoutMs: this.timeouts.probeTimeoutMs,
      operation: 'list models',
    });
    if (!response.ok) throw await response.error();
    const entries = parseOpenAIModelList(await response.json());
    if (entries === undefined) {
      throw new EngineResponseError({
        engineId: this.engineId,
        url: response.context.url,
        message: `${this.engineId} answered ${response.context.url} without a data[] model list`,
      });
    }
    return entries;
  }

  protected interpretModelsProbe(outcome: ProbeOutcome): EngineStatus {
    if (outcome.kind === 'unreachable') return statusOf('unreachable', outcome.detail);
    const { status, url } = outcome;
    if (status === 401 || status === 403)
      return statusOf('unauthorized', this.#unauthorizedDetail(outcome));
    if (
      status === 503 &&
      (outcome.error.type === 'unavailable_error' || /loading/i.test(outcome.error.message))
    ) {
      return statusOf(
        'loading',
        `${this.engineId} at ${this.host} is loading its model (${describeAnswer(outcome)})`,
      );
    }
    if (status < 200 || status >= 300) {
      return statusOf(
        'unhealthy',
        `${this.engineId} answered ${url} with ${describeAnswer(outcome)}`,
      );
    }
    let entries: OpenAIModelEntry[] | undefined;
    try {
      entries = parseOpenAIModelList(JSON.parse(outcome.body));
    } catch {
      entries = undefined;
    }
    if (entries === undefined) {
      return statusOf(
        'unhealthy',
        `${this.engineId} answered ${url} with a body that is not a model list`,
      );
    }
    const models = entries.map((entry) => entry.id);
    const served =
      models.length === 0
        ? 'no model yet'
        : `${models.length === 1 ? 'model' : `${models.length} models`}: ${models.join(', ')}`;
    return statusOf('ok', `${this.engineId} at ${this.host} is up, serving ${served}`, { models });
  }

  async #sendChat(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
    stream: boolean,
  ): Promise<EngineResponse> {
    validateChatRequest(messages, options);
    await this.prepareChat(messages, options);
    return sendChat(this.http, {
      path: chatPath,
      json: buildOpenAIChatBody(messages, options, stream),
      signal: options.signal,
      timeoutMs: this.timeouts.requestTimeoutMs,
      ...(stream
        ? { operation: 'stream', accept: 'text/event-stream' }
        : { operation: 'generate' }),
      model: options.model,
    });
  }

  #unauthorizedDetail(outcome: Extract<ProbeOutcome, { kind: 'response' }>): string {
    const where =
      this.apiKeyVariable === undefined
        ? 'the apiKey option'
        : `${this.apiKeyVariable} or the apiKey option`;
    return this.#apiKey === undefined
      ? `${this.engineId} at ${this.host} requires an API key (HTTP ${outcome.status}) and none is configured; set ${where}`
      : `${this.engineId} at ${this.host} rejected the configured API key (HTTP ${outcome.status}); check ${where}`;
  }
}
