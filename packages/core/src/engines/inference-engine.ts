import type { ChatMessage, ToolCall, ToolChoice, ToolDefinition } from './messages.js';
import type { Usage } from './usage.js';

/** Why generation stopped, normalised across engines. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'error';

export interface GenerateOptions {
  model: string;
  temperature?: number;
  maxTokens?: number;
  tools?: readonly ToolDefinition[];
  toolChoice?: ToolChoice;
  signal?: AbortSignal;
  /** Engine-specific request fields, merged into the request body last. */
  extraBody?: Record<string, unknown>;
}

export interface GenerateResult {
  content: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  /** Tokens the call used; zeros when the engine reported none. */
  usage: Usage;
  /** The model that answered, as the engine names it. */
  model: string;
  /** Reasoning ("thinking") text, when the engine separates it. */
  reasoning?: string;
}

/** One piece of a streamed reply. */
export type StreamChunk =
  | { type: 'content'; delta: string }
  | { type: 'reasoning'; delta: string }
  /** A fragment of a tool call as it arrives; `index` ties fragments together. */
  | {
      type: 'tool_call_delta';
      index: number;
      id?: string;
      name?: string;
      argumentsDelta: string;
    }
  /** A tool call whose fragments are complete, arguments parsed. */
  | { type: 'tool_call'; toolCall: ToolCall }
  | { type: 'finish'; finishReason: FinishReason }
  | { type: 'usage'; usage: Usage };

export type EngineHealthState = 'ok' | 'loading' | 'unauthorized' | 'unhealthy' | 'unreachable';

export interface EngineStatus {
  state: EngineHealthState;
  /** A sentence a person can act on, e.g. "connection refused at http://127.0.0.1:8080". */
  detail: string;
  /** Model ids, when the probe listed them. */
  models?: string[];
  /** Engine version, when it reports one. */
  version?: string;
}

/**
 * Whether a model can call tools, as the engine tells it before any chat:
 * `unknown` when the engine has no way to say (a generic OpenAI-compatible server).
 */
export type ToolSupport = 'yes' | 'no' | 'unknown';

export interface ModelInfo {
  id: string;
  /** The context window in tokens, when the engine tells it. */
  contextLength?: number;
}

/**
 * What every inference engine adapter offers. Adapters also expose where their
 * OpenAI-compatible API lives (`host`, `openaiBaseUrl`, `apiKey`) so that agents
 * wrapping other programs (opencode) can be pointed at the same engine.
 */
export interface InferenceEngine {
  readonly engineId: string;
  /** The engine's root URL, without `/v1`. */
  readonly host?: string | undefined;
  /** The OpenAI-compatible base URL, with `/v1`. */
  readonly openaiBaseUrl?: string | undefined;
  readonly apiKey?: string | undefined;

  generate(messages: readonly ChatMessage[], options: GenerateOptions): Promise<GenerateResult>;
  stream(messages: readonly ChatMessage[], options: GenerateOptions): AsyncIterable<StreamChunk>;
  listModels(options?: { signal?: AbortSignal }): Promise<ModelInfo[]>;
  /** True when the engine is up, reachable and accepts our key. */
  health(options?: { signal?: AbortSignal }): Promise<boolean>;
  /** The detailed form of `health()`. */
  status(options?: { signal?: AbortSignal }): Promise<EngineStatus>;
  /** The model's context window in tokens, when the engine tells it. */
  contextLength?(model: string, options?: { signal?: AbortSignal }): Promise<number | undefined>;
  /**
   * The context window a client of `openaiBaseUrl` gets, when it differs from
   * `contextLength` (Ollama's `/v1` ignores `num_ctx`); `undefined` when unknown.
   */
  openaiContextLength?(
    model: string,
    options?: { signal?: AbortSignal },
  ): Promise<number | undefined>;
  /** Whether `model` can call tools, asked without generating when the engine allows. */
  toolSupport?(model: string, options?: { signal?: AbortSignal }): Promise<ToolSupport>;
  close(): Promise<void>;
}
