import type {
  EngineStatus,
  GenerateOptions,
  GenerateResult,
  InferenceEngine,
  ModelInfo,
  StreamChunk,
} from '../engines/inference-engine.js';
import type { ChatMessage } from '../engines/messages.js';
import type { Usage } from '../engines/usage.js';
import { AbortedError } from '../errors/run-errors.js';

/** What the scripted engine answers to one call. */
export interface ScriptedReply {
  content?: string;
  usage?: Usage;
  /** Thrown instead of answering (generate), or after `chunks` (stream). */
  error?: unknown;
  /** Streamed chunks; by default one content chunk, a finish and a usage chunk. */
  chunks?: StreamChunk[];
  /** Awaited before answering (generate) or before the first chunk (stream). */
  wait?: Promise<unknown>;
}

export interface ScriptedCall {
  messages: readonly ChatMessage[];
  options: GenerateOptions;
}

export interface ScriptedEngineOptions {
  engineId?: string;
  host?: string;
  openaiBaseUrl?: string;
  apiKey?: string;
  /** Decides each reply. @default echoes the last message */
  reply?: (messages: readonly ChatMessage[], options: GenerateOptions) => ScriptedReply;
}

export const defaultUsage: Usage = { inputTokens: 7, outputTokens: 3 };

/**
 * An in-process `InferenceEngine` whose answers a test scripts. It honours
 * `signal` the way real engines do: an aborted call rejects with `AbortedError`.
 */
export class ScriptedEngine implements InferenceEngine {
  readonly engineId: string;
  readonly host: string | undefined;
  readonly openaiBaseUrl: string | undefined;
  readonly apiKey: string | undefined;
  readonly calls: ScriptedCall[] = [];
  /** Signals of the calls seen so far, in call order. */
  readonly signals: (AbortSignal | undefined)[] = [];
  closed = false;
  readonly #reply: (messages: readonly ChatMessage[], options: GenerateOptions) => ScriptedReply;

  constructor(options: ScriptedEngineOptions = {}) {
    this.engineId = options.engineId ?? 'scripted';
    this.host = options.host;
    this.openaiBaseUrl = options.openaiBaseUrl;
    this.apiKey = options.apiKey;
    this.#reply =
      options.reply ?? ((messages) => ({ content: `echo: ${messages.at(-1)?.content ?? ''}` }));
  }

  async generate(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
  ): Promise<GenerateResult> {
    this.calls.push({ messages, options });
    this.signals.push(options.signal);
    const reply = this.#reply(messages, options);
    if (reply.wait !== undefined) await untilSettledOrAborted(reply.wait, options.signal);
    throwIfAborted(options.signal);
    if (reply.error !== undefined) throw reply.error;
    return {
      content: reply.content ?? '',
      toolCalls: [],
      finishReason: 'stop',
      usage: reply.usage ?? defaultUsage,
      model: options.model,
    };
  }

  async *stream(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
  ): AsyncGenerator<StreamChunk, void, undefined> {
    this.calls.push({ messages, options });
    this.signals.push(options.signal);
    const reply = this.#reply(messages, options);
    if (reply.wait !== undefined) await untilSettledOrAborted(reply.wait, options.signal);
    const chunks = reply.chunks ?? [
      { type: 'content', delta: reply.content ?? '' },
      { type: 'finish', finishReason: 'stop' },
      { type: 'usage', usage: reply.usage ?? defaultUsage },
    ];
    for (const chunk of chunks) {
      throwIfAborted(options.signal);
      yield chunk;
    }
    if (reply.error !== undefined) throw reply.error;
  }

  async listModels(): Promise<ModelInfo[]> {
    return [{ id: 'scripted-model', contextLength: 4096 }];
  }

  async health(): Promise<boolean> {
    return true;
  }

  async status(): Promise<EngineStatus> {
    return { state: 'ok', detail: 'scripted engine', models: ['scripted-model'] };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new AbortedError({ operation: 'scripted call', reason: signal.reason });
}

function untilSettledOrAborted(wait: Promise<unknown>, signal: AbortSignal | undefined) {
  if (signal === undefined) return wait;
  return new Promise<void>((resolve, reject) => {
    const onAbort = () =>
      reject(new AbortedError({ operation: 'scripted call', reason: signal.reason }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    wait.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
