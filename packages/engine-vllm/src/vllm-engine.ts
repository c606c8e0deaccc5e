import { AbortedError, type EngineStatus, type ToolSupport } from '@openjarvis/core';
import { describeAnswer, isRecord, probe, resolveSetting, statusOf } from '@openjarvis/engine-kit';
import { OpenAICompatibleEngine } from '@openjarvis/engine-openai-compatible';
import { readToolSupportProbe, toolSupportProbeBody } from './tool-support-probe.js';
import type { VLLMEngineOptions } from './vllm-options.js';

export const vllmDefaultHost = 'http://localhost:8000';

/**
 * An adapter for vLLM's OpenAI-compatible server. Health is `GET /health`
 * (public, empty body; 503 once the engine core has died), then the
 * authenticated `GET /v1/models`, which also gives each model's
 * `max_model_len`.
 */
export class VLLMEngine extends OpenAICompatibleEngine {
  readonly #toolSupport = new Map<string, ToolSupport>();

  constructor(options: VLLMEngineOptions = {}) {
    const env = options.env ?? process.env;
    super({
      ...options,
      engineId: 'vllm',
      host: resolveSetting(options.host, env, 'VLLM_HOST', vllmDefaultHost),
      apiKey: resolveSetting(options.apiKey, env, 'VLLM_API_KEY', undefined),
    });
  }

  /**
   * vLLM has no route that tells whether it was started with its tool flags,
   * so this sends one 1-token chat with a tool (`tool_choice: "auto"`): the 400
   * about `--enable-auto-tool-choice` means no. A definite answer is remembered
   * per model; a failure to ask is `unknown` and not remembered.
   */
  override async toolSupport(
    model: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ToolSupport> {
    const known = this.#toolSupport.get(model);
    if (known !== undefined) return known;
    let answer: ToolSupport;
    try {
      const response = await this.http.send({
        method: 'POST',
        path: 'v1/chat/completions',
        json: toolSupportProbeBody(model),
        signal: options.signal,
        timeoutMs: this.timeouts.probeTimeoutMs,
        operation: 'probe tool support',
      });
      answer = readToolSupportProbe(response.status, await response.text());
    } catch (error) {
      if (AbortedError.isInstance(error)) throw error;
      return 'unknown';
    }
    if (answer !== 'unknown') this.#toolSupport.set(model, answer);
    return answer;
  }

  protected override get apiKeyVariable(): string {
    return 'VLLM_API_KEY';
  }

  protected override async probePublic(signal: AbortSignal | undefined): Promise<EngineStatus> {
    const health = await probe(this.http, 'health', this.timeouts.probeTimeoutMs, signal);
    if (health.kind === 'unreachable') {
      return statusOf(
        'unreachable',
        `${health.detail} (vLLM only listens once its model is loaded, so a server still starting looks the same)`,
      );
    }
    if (health.status === 401 || health.status === 403) {
      return statusOf(
        'unauthorized',
        `vllm at ${this.host} refused /health (${describeAnswer(health)}); a proxy in front of it may want a key`,
      );
    }
    if (health.status === 503) {
      return statusOf(
        'unhealthy',
        `vllm at ${this.host} is up but its engine is not healthy (/health answered ${describeAnswer(health)}); it usually needs a restart`,
      );
    }
    if (health.status < 200 || health.status >= 300) {
      return statusOf('unhealthy', `vllm answered ${health.url} with ${describeAnswer(health)}`);
    }
    const version = await this.#version(signal);
    return statusOf('ok', `vllm at ${this.host} is up`, version === undefined ? {} : { version });
  }

  async #version(signal: AbortSignal | undefined): Promise<string | undefined> {
    const outcome = await probe(this.http, 'version', this.timeouts.probeTimeoutMs, signal);
    if (outcome.kind !== 'response' || outcome.status !== 200) return undefined;
    try {
      const body: unknown = JSON.parse(outcome.body);
      return isRecord(body) && typeof body.version === 'string' ? body.version : undefined;
    } catch {
      return undefined;
    }
  }
}
