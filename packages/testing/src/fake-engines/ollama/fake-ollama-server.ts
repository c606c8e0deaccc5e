import { FakeEngineServer } from '../fake-engine-server.js';
import type { FakeHttpServer, RecordedRequest } from '../fake-http-server.js';
import { type FakeReply, jsonReply, ndjsonReply, sseReply, textReply } from '../fake-reply.js';
import {
  type FakeTool,
  isRecord,
  promptCharacters,
  readTools,
  toolArgumentsForSchema,
} from '../tool-arguments-for-schema.js';

export interface FakeOllamaModel {
  /** `name:tag`, what requests must name. */
  name: string;
  family?: string;
  /** `<arch>.context_length` in `/api/show`'s `model_info`. @default 131072 */
  contextLength?: number;
  /** `num_ctx` set in the Modelfile, shown in `/api/show`'s `parameters`. */
  numCtx?: number;
  /** Whether the model's template supports tools. @default true */
  tools?: boolean;
  /**
   * Loaded, running with this window: listed by `/api/ps` with `context_length`
   * (what `ollama ps` shows as CONTEXT). @default not loaded
   */
  loadedContextLength?: number;
}

export interface FakeOllamaOptions {
  /** Pulled models. @default one tool-capable `llama3.2:3b` and a tool-less `gemma:2b` */
  models?: FakeOllamaModel[];
  /** Reported by `/api/version`. @default '0.12.6' */
  version?: string;
  /** Give tool calls an `id` (newer Ollama) rather than none (older). @default false */
  toolCallIds?: boolean;
}

/** Scripted misbehaviour of the next native chat stream. */
export type OllamaStreamScript = 'error-line' | 'no-done';

type PulledModel = FakeOllamaModel &
  Required<Pick<FakeOllamaModel, 'family' | 'contextLength' | 'tools'>>;

const replyTokens = ['Hello', ' from', ' the', ' fake', ' Ollama', '.'];
const charsPerToken = 4;

/**
 * An Ollama stand-in, built from Ollama's documented API and its source (no
 * Ollama can run here, so nothing is recorded): `GET /`, `/api/version`,
 * `/api/tags`, `/api/show`, `/api/ps`, native `/api/chat` (NDJSON unless `stream: false`,
 * whole tool calls with object arguments, a final `done` line with nanosecond
 * durations), 400 "does not support tools", 404 for a model not pulled, and
 * the OpenAI layer's `/v1/models` and `/v1/chat/completions` (whole tool calls
 * in one delta, `fp_ollama`, `{"error":{…,"code":null}}`). Ollama silently
 * truncates long prompts, so there is no overflow error.
 */
export class FakeOllamaServer extends FakeEngineServer {
  readonly #models: PulledModel[];
  readonly #version: string;
  readonly #toolCallIds: boolean;
  readonly #scripts: OllamaStreamScript[] = [];

  private constructor(http: FakeHttpServer, options: FakeOllamaOptions) {
    super(http);
    this.#models = (
      options.models ?? [
        { name: 'llama3.2:3b', family: 'llama' },
        { name: 'gemma:2b', family: 'gemma', tools: false, contextLength: 8192 },
      ]
    ).map((model) => ({
      family: 'llama',
      contextLength: 131_072,
      tools: true,
      ...model,
    }));
    this.#version = options.version ?? '0.12.6';
    this.#toolCallIds = options.toolCallIds ?? false;
  }

  static start(options: FakeOllamaOptions = {}): Promise<FakeOllamaServer> {
    return FakeEngineServer.listen((http) => new FakeOllamaServer(http, options));
  }

  get port(): number {
    return this.http.port;
  }

  /** Misbehaves on the next native chat stream. */
  queueStreamScript(script: OllamaStreamScript): void {
    this.#scripts.push(script);
  }

  protected handle(request: RecordedRequest): FakeReply {
    switch (`${request.method} ${request.path}`) {
      case 'GET /':
      case 'HEAD /':
        return textReply(200, 'Ollama is running');
      case 'GET /api/version':
        return jsonReply(200, { version: this.#version });
      case 'GET /api/tags':
        return jsonReply(200, { models: this.#models.map(tagEntry) });
      case 'POST /api/show':
        return this.#show(request);
      case 'GET /api/ps':
        return jsonReply(200, { models: this.#models.filter(isLoaded).map(psEntry) });
      case 'POST /api/chat':
        return this.#nativeChat(request);
      case 'GET /v1/models':
        return jsonReply(200, {
          object: 'list',
          data: this.#models.map((model) => ({
            id: model.name,
            object: 'model',
            created: 1_760_000_000,
            owned_by: 'library',
          })),
        });
      case 'POST /v1/chat/completions':
        return this.#openAIChat(request);
      default:
        return textReply(404, '404 page not found');
    }
  }

  #find(name: unknown): PulledModel | undefined {
    return this.#models.find((model) => model.name === name || `${model.name}:latest` === name);
  }

  #show(request: RecordedRequest): FakeReply {
    const body = isRecord(request.json) ? request.json : {};
    const name = body.model ?? body.name;
    const model = this.#find(name);
    if (model === undefined) return jsonReply(404, { error: `model '${String(name)}' not found` });
    const parameters = [`stop                           "<|eot_id|>"`];
    if (model.numCtx !== undefined)
      parameters.push(`num_ctx                        ${model.numCtx}`);
    return jsonReply(200, {
      license: 'LICENSE TEXT',
      modelfile: `FROM ${model.name}`,
      parameters: parameters.join('\n'),
      template: '{{ .Prompt }}',
      details: modelDetails(model),
      model_info: {
        'general.architecture': model.family,
        'general.parameter_count': 3_212_749_888,
        [`${model.family}.context_length`]: model.contextLength,
        [`${model.family}.embedding_length`]: 3072,
      },
      capabilities: model.tools ? ['completion', 'tools'] : ['completion'],
      modified_at: '2025-10-01T10:00:00.000000000Z',
    });
  }

  /** Shared checks of both chat APIs; returns an error reply or the chosen model and tool. */
  #prepare(
    body: Record<string, unknown>,
  ): { error: string; status: number } | { model: string; tool: FakeTool | undefined } {
    const model = this.#find(body.model);
    if (model === undefined) {
      return {
        status: 404,
        error: `model "${String(body.model)}" not found, try pulling it first`,
      };
    }
    const tools = readTools(body);
    if (tools.length > 0 && !model.tools) {
      return {
        status: 400,
        error: `registry.ollama.ai/library/${model.name} does not support tools`,
      };
    }
    return { model: model.name, tool: tools[0] };
  }

  #nativeChat(request: RecordedRequest): FakeReply {
    const body = isRecord(request.json) ? request.json : undefined;
    if (body === undefined) return jsonReply(400, { error: 'invalid character in request body' });
    const prepared = this.#prepare(body);
    if ('error' in prepared) return jsonReply(prepared.status, { error: prepared.error });
    const base = { model: prepared.model, created_at: '2025-10-01T10:00:00.000000000Z' };
    const options = isRecord(body.options) ? body.options : {};
    const maxTokens = typeof options.num_predict === 'number' ? options.num_predict : 128;
    const tokens = prepared.tool === undefined ? replyTokens.slice(0, maxTokens) : [];
    const promptTokens = Math.ceil(promptCharacters(body.messages) / charsPerToken) + 8;
    const toolCalls =
      prepared.tool === undefined
        ? undefined
        : [
            {
              ...(this.#toolCallIds ? { id: 'call_k3x9q2' } : {}),
              function: {
                index: 0,
                name: prepared.tool.name,
                arguments: toolArgumentsForSchema(prepared.tool.parameters),
              },
            },
          ];
    const done = {
      ...base,
      done: true,
      done_reason:
        tokens.length < replyTokens.length && prepared.tool === undefined ? 'length' : 'stop',
      total_duration: 912_345_678,
      load_duration: 12_345_678,
      prompt_eval_count: promptTokens,
      prompt_eval_duration: 45_678_901,
      eval_count: prepared.tool === undefined ? tokens.length : 12,
      eval_duration: 812_345_678,
    };
    if (body.stream === false) {
      const message: Record<string, unknown> = { role: 'assistant', content: tokens.join('') };
      if (toolCalls !== undefined) message.tool_calls = toolCalls;
      return jsonReply(200, { ...done, message });
    }
    const lines: unknown[] = tokens.map((token) => ({
      ...base,
      message: { role: 'assistant', content: token },
      done: false,
    }));
    if (toolCalls !== undefined) {
      lines.push({
        ...base,
        message: { role: 'assistant', content: '', tool_calls: toolCalls },
        done: false,
      });
    }
    const script = this.#scripts.shift();
    if (script === 'error-line') {
      return ndjsonReply([
        ...lines.slice(0, 2),
        { error: 'an error was encountered while running the model: unexpected EOF' },
      ]);
    }
    if (script === 'no-done') return ndjsonReply(lines);
    return ndjsonReply([...lines, { ...done, message: { role: 'assistant', content: '' } }]);
  }

  #openAIChat(request: RecordedRequest): FakeReply {
    const body = isRecord(request.json) ? request.json : undefined;
    const openAIError = (status: number, message: string, type: string): FakeReply =>
      jsonReply(status, { error: { message, type, param: null, code: null } });
    if (body === undefined) return openAIError(400, 'invalid request', 'invalid_request_error');
    const prepared = this.#prepare(body);
    if ('error' in prepared) {
      return openAIError(
        prepared.status,
        prepared.error,
        prepared.status === 404 ? 'not_found_error' : 'invalid_request_error',
      );
    }
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
      id: 'chatcmpl-417',
      object: 'chat.completion.chunk',
      created: 1_760_000_100,
      model: prepared.model,
      system_fingerprint: 'fp_ollama',
      choices,
      ...extra,
    });
    const delta = (value: Record<string, unknown>, finish: string | null = null) =>
      chunk([{ index: 0, delta: value, finish_reason: finish }]);
    const events: unknown[] = [];
    let completionTokens = 0;
    if (prepared.tool === undefined) {
      for (const token of replyTokens) events.push(delta({ role: 'assistant', content: token }));
      completionTokens = replyTokens.length;
      events.push(delta({ role: 'assistant', content: '' }, 'stop'));
    } else {
      events.push(
        delta({
          role: 'assistant',
          content: '',
          tool_calls: [
            {
              id: 'call_k3x9q2',
              index: 0,
              type: 'function',
              function: {
                name: prepared.tool.name,
                arguments: JSON.stringify(toolArgumentsForSchema(prepared.tool.parameters)),
              },
            },
          ],
        }),
      );
      completionTokens = 12;
      events.push(delta({ role: 'assistant', content: '' }, 'tool_calls'));
    }
    const includeUsage =
      isRecord(body.stream_options) && body.stream_options.include_usage === true;
    if (includeUsage) {
      const promptTokens = Math.ceil(promptCharacters(body.messages) / charsPerToken) + 8;
      events.push(
        chunk([], {
          usage: {
            prompt_tokens: promptTokens,
            completion_tokens: completionTokens,
            total_tokens: promptTokens + completionTokens,
          },
        }),
      );
    }
    events.push('data: [DONE]\n\n');
    return sseReply(events);
  }
}

function tagEntry(model: FakeOllamaModel): unknown {
  return {
    name: model.name,
    model: model.name,
    modified_at: '2025-10-01T10:00:00.000000000Z',
    size: 2_019_393_189,
    digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
    details: modelDetails(model),
  };
}

function isLoaded(model: PulledModel): model is PulledModel & { loadedContextLength: number } {
  return model.loadedContextLength !== undefined;
}

function psEntry(model: PulledModel & { loadedContextLength: number }): Record<string, unknown> {
  return {
    name: model.name,
    model: model.name,
    size: 3_338_801_804,
    digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
    details: modelDetails(model),
    expires_at: '2025-10-01T10:05:00.000000000Z',
    size_vram: 3_338_801_804,
    context_length: model.loadedContextLength,
  };
}

/** The `details` object that both `/api/tags` and `/api/show` report. */
function modelDetails(model: FakeOllamaModel): unknown {
  return {
    parent_model: '',
    format: 'gguf',
    family: model.family,
    families: [model.family],
    parameter_size: '3.2B',
    quantization_level: 'Q4_K_M',
  };
}
