import {
  AbortedError,
  type ChatMessage,
  EngineInputError,
  type EngineStatus,
  type GenerateOptions,
  type ToolSupport,
  ToolsUnsupportedError,
} from '@openjarvis/core';
import { describeAnswer, findModel, probe, resolveSetting, statusOf } from '@openjarvis/engine-kit';
import { OpenAICompatibleEngine } from '@openjarvis/engine-openai-compatible';
import type { LlamaCppEngineOptions, ToolsUnsupportedPolicy } from './llamacpp-options.js';
import { type LlamaCppProps, readLlamaCppProps } from './template-caps.js';

export const llamaCppDefaultHost = 'http://localhost:8080';

/**
 * An adapter for llama.cpp's `llama-server`. Health is the public `/health`
 * (503 `unavailable_error` while the model loads), then the authenticated
 * `/v1/models`, whose `meta.n_ctx` is the context window. Requests with tools
 * are checked against `/props` `chat_template_caps` first, because the server
 * would otherwise drop the tools without a word.
 *
 * Grammar-forcing fields pass through `extraBody` untouched, e.g.
 * `{ parallel_tool_calls: false, logit_bias: [[90, 30]] }` with
 * `toolChoice: 'required'`.
 */
export class LlamaCppEngine extends OpenAICompatibleEngine {
  readonly #toolsUnsupported: ToolsUnsupportedPolicy;
  readonly #warn: (message: string) => void;
  #props: LlamaCppProps | undefined;

  constructor(options: LlamaCppEngineOptions = {}) {
    const env = options.env ?? process.env;
    super({
      ...options,
      engineId: 'llamacpp',
      host: resolveSetting(options.host, env, 'LLAMACPP_HOST', llamaCppDefaultHost),
      apiKey: resolveSetting(options.apiKey, env, 'LLAMACPP_API_KEY', undefined),
    });
    const policy = options.toolsUnsupported ?? 'error';
    if (policy !== 'error' && policy !== 'warn') {
      throw new EngineInputError({
        field: 'toolsUnsupported',
        message: `toolsUnsupported must be 'error' or 'warn', got ${String(policy)}`,
      });
    }
    this.#toolsUnsupported = policy;
    this.#warn =
      options.onWarning ?? ((message) => process.emitWarning(message, 'OpenJarvisWarning'));
  }

  /**
   * llama-server serves one model and ignores the request's `model` field, so
   * a name it does not list still gets the served model's window; `/props`
   * is the fallback when `/v1/models` has no `meta.n_ctx`.
   */
  override async contextLength(
    model: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<number | undefined> {
    const entries = await this.fetchModelEntries(options.signal);
    const entry = findModel(entries, model) ?? (entries.length === 1 ? entries[0] : undefined);
    if (entry?.contextLength !== undefined) return entry.contextLength;
    return (await this.#readProps(options.signal))?.contextLength;
  }

  /**
   * From `/props` `chat_template_caps`: llama-server serves one model, and its
   * chat template decides whether tools work (without them it drops `tools`
   * silently). `unknown` when `/props` cannot be read.
   */
  override async toolSupport(
    _model: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ToolSupport> {
    const caps = (await this.#readProps(options.signal))?.caps;
    if (caps === undefined) return 'unknown';
    return caps.supportsTools && caps.supportsToolCalls ? 'yes' : 'no';
  }

  protected override get apiKeyVariable(): string {
    return 'LLAMACPP_API_KEY';
  }

  protected override async probePublic(signal: AbortSignal | undefined): Promise<EngineStatus> {
    const health = await probe(this.http, 'health', this.timeouts.probeTimeoutMs, signal);
    if (health.kind === 'unreachable') return statusOf('unreachable', health.detail);
    if (health.status === 503) {
      return statusOf(
        'loading',
        `llamacpp at ${this.host} is loading its model (${describeAnswer(health)})`,
      );
    }
    if (health.status === 401 || health.status === 403) {
      return statusOf(
        'unauthorized',
        `llamacpp at ${this.host} refused /health (${describeAnswer(health)}); a proxy in front of it may want a key`,
      );
    }
    if (health.status < 200 || health.status >= 300) {
      return statusOf(
        'unhealthy',
        `llamacpp answered ${health.url} with ${describeAnswer(health)}`,
      );
    }
    return statusOf('ok', `llamacpp at ${this.host} is up`);
  }

  protected override async prepareChat(
    _messages: readonly ChatMessage[],
    options: GenerateOptions,
  ): Promise<void> {
    if (options.tools === undefined || options.tools.length === 0 || options.toolChoice === 'none')
      return;
    const caps = (await this.#readProps(options.signal))?.caps;
    if (caps === undefined || (caps.supportsTools && caps.supportsToolCalls)) return;
    const message = `llamacpp at ${this.host} has a chat template without tool support (/props chat_template_caps), so it would ignore the ${options.tools.length} tool(s) of this request; start llama-server with --jinja and a tool-aware template`;
    if (this.#toolsUnsupported === 'warn') {
      this.#warn(message);
      return;
    }
    throw new ToolsUnsupportedError({
      engineId: this.engineId,
      url: this.http.url('props'),
      status: 200,
      body: JSON.stringify({ chat_template_caps: caps }),
      message,
    });
  }

  /**
   * `/props`, remembered once read: the template and window are fixed for the
   * life of the server process. A failure (no key, loading, an old server
   * without `/props`) is not remembered and yields undefined; only the
   * caller's abort propagates.
   */
  async #readProps(signal: AbortSignal | undefined): Promise<LlamaCppProps | undefined> {
    if (this.#props !== undefined) return this.#props;
    try {
      const response = await this.http.send({
        method: 'GET',
        path: 'props',
        signal,
        timeoutMs: this.timeouts.probeTimeoutMs,
        operation: 'read /props',
      });
      if (!response.ok) {
        await response.discard();
        return undefined;
      }
      this.#props = readLlamaCppProps(await response.json());
      return this.#props;
    } catch (error) {
      if (AbortedError.isInstance(error)) throw error;
      return undefined;
    }
  }
}
