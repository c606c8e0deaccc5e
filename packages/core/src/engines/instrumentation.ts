import type { WorkflowTag } from '../agents/agent-result.js';
import { errorKindOf } from '../agents/error-kind.js';
import type {
  InferenceEndData,
  InferenceStartData,
  ServerAddress,
} from '../events/event-payloads.js';
import type {
  FinishReason,
  GenerateOptions,
  GenerateResult,
  InferenceEngine,
  StreamChunk,
} from './inference-engine.js';
import type { ChatMessage } from './messages.js';
import type { Usage } from './usage.js';

/** Where inference events go. Both `EventBus.publish` and `BaseAgent`'s emitter fit. */
export interface InferenceEventSink {
  start(data: InferenceStartData): void;
  end(data: InferenceEndData): void;
}

/** Fields copied onto every inference event, to tie it to an agent run. */
export interface InferenceTags {
  agent?: string;
  runId?: string;
  workflow?: WorkflowTag;
}

let inferenceCounter = 0;

function startData(
  engine: InferenceEngine,
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  stream: boolean,
  tags: InferenceTags,
): InferenceStartData {
  inferenceCounter = (inferenceCounter + 1) % Number.MAX_SAFE_INTEGER;
  const data: InferenceStartData = {
    inferenceId: `inf_${Date.now().toString(36)}_${inferenceCounter.toString(36)}`,
    engine: engine.engineId,
    model: options.model,
    messageCount: messages.length,
    stream,
    ...tags,
  };
  const server = serverOf(engine);
  if (server !== undefined) data.server = server;
  return data;
}

function serverOf(engine: InferenceEngine): ServerAddress | undefined {
  if (engine.host === undefined) return undefined;
  try {
    const url = new URL(engine.host);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return { address: url.hostname, port };
  } catch {
    return undefined;
  }
}

function throughput(usage: Usage | undefined, seconds: number): number | undefined {
  if (usage === undefined || seconds <= 0 || usage.outputTokens === 0) return undefined;
  return usage.outputTokens / seconds;
}

function errorFields(error: unknown): Pick<InferenceEndData, 'error' | 'errorType'> {
  const message = error instanceof Error ? error.message : String(error);
  return {
    error: { kind: errorKindOf(error), message },
    errorType: error instanceof Error ? error.name : 'Error',
  };
}

/** `engine.generate` with `inference_start` / `inference_end` around it. */
export async function generateWithEvents(
  engine: InferenceEngine,
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  sink: InferenceEventSink,
  tags: InferenceTags = {},
): Promise<GenerateResult> {
  const start = startData(engine, messages, options, false, tags);
  sink.start(start);
  const began = performance.now();
  try {
    const result = await engine.generate(messages, options);
    const latencyMs = performance.now() - began;
    const end: InferenceEndData = {
      ...start,
      latencyMs,
      ttftMs: latencyMs,
      usage: result.usage,
      finishReason: result.finishReason,
    };
    const rate = throughput(result.usage, latencyMs / 1000);
    if (rate !== undefined) end.throughputTokensPerSecond = rate;
    sink.end(end);
    return result;
  } catch (error) {
    sink.end({ ...start, latencyMs: performance.now() - began, ...errorFields(error) });
    throw error;
  }
}

/**
 * `engine.stream` with `inference_start` before the first chunk and
 * `inference_end` after the last (also when the consumer stops early or the
 * stream fails). Time to first token is measured to the first content,
 * reasoning or tool-call chunk.
 */
export async function* streamWithEvents(
  engine: InferenceEngine,
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  sink: InferenceEventSink,
  tags: InferenceTags = {},
): AsyncGenerator<StreamChunk, void, undefined> {
  const start = startData(engine, messages, options, true, tags);
  sink.start(start);
  const began = performance.now();
  let firstTokenAt: number | undefined;
  let usage: Usage | undefined;
  let finishReason: FinishReason | undefined;
  let failed = false;
  let failure: unknown;
  try {
    for await (const chunk of engine.stream(messages, options)) {
      if (firstTokenAt === undefined && chunk.type !== 'usage' && chunk.type !== 'finish') {
        firstTokenAt = performance.now();
      }
      if (chunk.type === 'usage') usage = chunk.usage;
      else if (chunk.type === 'finish') finishReason = chunk.finishReason;
      yield chunk;
    }
  } catch (error) {
    failed = true;
    failure = error;
    throw error;
  } finally {
    const ended = performance.now();
    const end: InferenceEndData = { ...start, latencyMs: ended - began };
    if (firstTokenAt !== undefined) end.ttftMs = firstTokenAt - began;
    if (usage !== undefined) end.usage = usage;
    if (finishReason !== undefined) end.finishReason = finishReason;
    const rate = throughput(usage, (ended - (firstTokenAt ?? began)) / 1000);
    if (rate !== undefined) end.throughputTokensPerSecond = rate;
    if (failed) Object.assign(end, errorFields(failure));
    sink.end(end);
  }
}
