import type { EventBus } from '../events/event-bus.js';
import { EventType } from '../events/event-type.js';
import type {
  EngineStatus,
  GenerateOptions,
  GenerateResult,
  InferenceEngine,
  ModelInfo,
  StreamChunk,
  ToolSupport,
} from './inference-engine.js';
import {
  generateWithEvents,
  type InferenceEventSink,
  type InferenceTags,
  streamWithEvents,
} from './instrumentation.js';
import type { ChatMessage } from './messages.js';

/**
 * Wraps an engine so that every `generate` and `stream` publishes
 * `inference_start`, `inference_end` and `telemetry_record` on a bus.
 *
 * It exposes the wrapped engine as `inner` and forwards `host`,
 * `openaiBaseUrl` and `apiKey`, so base-URL derivation sees through it.
 */
export class InstrumentedEngine implements InferenceEngine {
  readonly inner: InferenceEngine;
  readonly #sink: InferenceEventSink;
  readonly #tags: InferenceTags;

  constructor(inner: InferenceEngine, bus: EventBus, tags: InferenceTags = {}) {
    this.inner = inner;
    this.#tags = tags;
    this.#sink = {
      start: (data) => bus.publish(EventType.INFERENCE_START, data),
      end: (data) => {
        bus.publish(EventType.INFERENCE_END, data);
        if (data.error !== undefined) return;
        const record = {
          timestamp: Date.now(),
          engine: data.engine,
          model: data.model,
          latencyMs: data.latencyMs,
          usage: data.usage ?? { inputTokens: 0, outputTokens: 0 },
          stream: data.stream,
          ...(data.ttftMs === undefined ? {} : { ttftMs: data.ttftMs }),
          ...(data.throughputTokensPerSecond === undefined
            ? {}
            : { throughputTokensPerSecond: data.throughputTokensPerSecond }),
          ...(data.agent === undefined ? {} : { agent: data.agent }),
        };
        bus.publish(EventType.TELEMETRY_RECORD, { record });
      },
    };
  }

  get engineId(): string {
    return this.inner.engineId;
  }

  get host(): string | undefined {
    return this.inner.host;
  }

  get openaiBaseUrl(): string | undefined {
    return this.inner.openaiBaseUrl;
  }

  get apiKey(): string | undefined {
    return this.inner.apiKey;
  }

  generate(messages: readonly ChatMessage[], options: GenerateOptions): Promise<GenerateResult> {
    return generateWithEvents(this.inner, messages, options, this.#sink, this.#tags);
  }

  stream(messages: readonly ChatMessage[], options: GenerateOptions): AsyncIterable<StreamChunk> {
    return streamWithEvents(this.inner, messages, options, this.#sink, this.#tags);
  }

  listModels(options?: { signal?: AbortSignal }): Promise<ModelInfo[]> {
    return this.inner.listModels(options);
  }

  health(options?: { signal?: AbortSignal }): Promise<boolean> {
    return this.inner.health(options);
  }

  status(options?: { signal?: AbortSignal }): Promise<EngineStatus> {
    return this.inner.status(options);
  }

  async contextLength(
    model: string,
    options?: { signal?: AbortSignal },
  ): Promise<number | undefined> {
    return this.inner.contextLength?.(model, options);
  }

  /** The inner engine's, else its `contextLength` (the same window for most engines). */
  async openaiContextLength(
    model: string,
    options?: { signal?: AbortSignal },
  ): Promise<number | undefined> {
    if (this.inner.openaiContextLength === undefined) return this.contextLength(model, options);
    return this.inner.openaiContextLength(model, options);
  }

  async toolSupport(model: string, options?: { signal?: AbortSignal }): Promise<ToolSupport> {
    return (await this.inner.toolSupport?.(model, options)) ?? 'unknown';
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
