import type { EventOf, InferenceEndData, InferenceStartData } from '@openjarvis/core';
import { type Attributes, SpanKind } from '@opentelemetry/api';
import type { MetricFacts } from './genai-metrics.js';
import { MalformedEventError } from './malformed-event-error.js';
import type { OpenSpan } from './open-spans.js';
import { PairedSpans } from './paired-spans.js';
import { bool, type Fields, failureOf, fieldsOf, num, serverOf, str } from './payload-fields.js';
import { ERROR_TYPE_OTHER, GenAi, GenAiOperation, JarvisAttr, ServerAttr } from './semconv.js';
import type { Failure, SpanSupport } from './span-support.js';
import type { TurnSpans } from './turn-spans.js';
import { setUsageAttributes, usageCountsOf } from './usage-attributes.js';

interface InferenceSpan extends OpenSpan {
  readonly facts: MetricFacts;
}

/**
 * `chat {model}` spans from `inference_start` to `inference_end`, matched by
 * `inferenceId`, as children of their run's turn when they carry a `runId`.
 */
export class InferenceSpans {
  readonly #support: SpanSupport;
  readonly #turns: TurnSpans;
  readonly #inferences: PairedSpans<InferenceSpan>;

  constructor(support: SpanSupport, turns: TurnSpans) {
    this.#support = support;
    this.#turns = turns;
    this.#inferences = new PairedSpans(support);
  }

  get openCount(): number {
    return this.#inferences.size;
  }

  onInferenceStart(event: EventOf<'inference_start'>): void {
    const data = fieldsOf<InferenceStartData>(event.data);
    const inferenceId = str(data.inferenceId);
    if (inferenceId === undefined) {
      this.#support.report(new MalformedEventError(event.type, 'no inferenceId'), event);
      return;
    }
    this.#inferences.open(inferenceId, this.#startInference(data, inferenceId, event.timestamp));
  }

  onInferenceEnd(event: EventOf<'inference_end'>): void {
    const data = fieldsOf<InferenceEndData>(event.data);
    const inferenceId = str(data.inferenceId);
    if (inferenceId === undefined) {
      this.#support.report(new MalformedEventError(event.type, 'no inferenceId'), event);
      return;
    }
    const latencyMs = num(data.latencyMs);
    const entry = this.#inferences.end(inferenceId, event, latencyMs, (startMs) =>
      this.#startInference(data, inferenceId, startMs),
    );
    if (entry === undefined) return;
    const span = entry.span;
    const usage = usageCountsOf(data.usage);
    setUsageAttributes(span, usage);
    const finishReason = str(data.finishReason);
    if (finishReason !== undefined)
      span.setAttribute(GenAi.RESPONSE_FINISH_REASONS, [finishReason]);
    const ttftMs = num(data.ttftMs);
    if (ttftMs !== undefined && bool(data.stream) === true) {
      span.setAttribute(GenAi.RESPONSE_TIME_TO_FIRST_CHUNK, ttftMs / 1000);
    }
    const failure: Failure | undefined =
      data.error === undefined
        ? undefined
        : {
            type: str(data.errorType) ?? ERROR_TYPE_OTHER,
            message: failureOf(data.error)?.message,
          };
    this.#support.finish(entry, event.timestamp, failure);

    const runId = str(data.runId);
    const usageReported = usage.inputTokens !== undefined || usage.outputTokens !== undefined;
    this.#turns.noteInference(runId, { usageReported, finishReason });
    const facts = { ...entry.facts, errorType: failure?.type };
    this.#support.metrics.recordTokens(facts, usage.inputTokens, usage.outputTokens);
    this.#support.metrics.recordDuration(
      facts,
      (latencyMs ?? event.timestamp - entry.startMs) / 1000,
    );
  }

  drain(): OpenSpan[] {
    return this.#inferences.drain();
  }

  #startInference(
    data: Fields<InferenceStartData>,
    inferenceId: string,
    startMs: number,
  ): InferenceSpan {
    const model = str(data.model);
    const engine = str(data.engine);
    const server = serverOf(data.server);
    const runId = str(data.runId);
    const attributes: Attributes = {
      [GenAi.OPERATION_NAME]: GenAiOperation.CHAT,
      [JarvisAttr.INFERENCE_ID]: inferenceId,
    };
    if (engine !== undefined) attributes[GenAi.PROVIDER_NAME] = engine;
    if (model !== undefined) attributes[GenAi.REQUEST_MODEL] = model;
    const stream = bool(data.stream);
    if (stream !== undefined) attributes[GenAi.REQUEST_STREAM] = stream;
    if (server !== undefined) {
      attributes[ServerAttr.ADDRESS] = server.address;
      if (server.port !== undefined) attributes[ServerAttr.PORT] = server.port;
    }
    if (runId !== undefined) attributes[JarvisAttr.RUN_ID] = runId;
    const span = this.#support.start(model === undefined ? GenAiOperation.CHAT : `chat ${model}`, {
      kind: SpanKind.CLIENT,
      startMs,
      attributes,
      parent: this.#turns.parentOf(runId, data.workflow),
    });
    return {
      span,
      startMs,
      facts: {
        operation: GenAiOperation.CHAT,
        provider: engine,
        model,
        serverAddress: server?.address,
        serverPort: server?.port,
      },
    };
  }
}
