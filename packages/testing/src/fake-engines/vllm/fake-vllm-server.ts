import { FakeEngineServer } from '../fake-engine-server.js';
import type { FakeHttpServer, RecordedRequest } from '../fake-http-server.js';
import { type FakeReply, jsonReply, sseReply } from '../fake-reply.js';
import {
  type FakeTool,
  isRecord,
  promptCharacters,
  readTools,
  toolArgumentsForSchema,
} from '../tool-arguments-for-schema.js';

export interface FakeVLLMOptions {
  /** The served model id (`--served-model-name`). @default 'Qwen/Qwen2.5-1.5B-Instruct' */
  model?: string;
  /** `--max-model-len`. @default 4096 */
  maxModelLen?: number;
  /** `--api-key`: `/v1/*` then needs `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Started with `--enable-auto-tool-choice --tool-call-parser …`. @default false */
  autoToolChoice?: boolean;
  /** Reported by `/version`. @default '0.11.0' */
  version?: string;
}

/** Scripted misbehaviour of the next chat stream. */
export type VllmStreamScript = 'error-midway';

/** Text the fake model produces, one token per piece. */
const replyTokens = ['Hello', ' from', ' the', ' fake', ' v', 'LLM', '.'];
const charsPerToken = 4;

/**
 * A vLLM OpenAI-compatible server stand-in, built from vLLM's documented and
 * source-read wire format (no vLLM can run here, so nothing is recorded):
 * `/health` with an empty body (503 when unhealthy), `/version`, `/v1/models`
 * with `max_model_len`, 401 `{"error":"Unauthorized"}` on `/v1/*` only, 404
 * for an unknown model, 400 for `tool_choice: "auto"` without the tool flags,
 * the "maximum context length" 400, token-level tool-call fragments, the
 * `choices: []` usage chunk and `[DONE]`.
 */
export class FakeVLLMServer extends FakeEngineServer {
  readonly #options: Required<Omit<FakeVLLMOptions, 'apiKey'>> & { apiKey: string | undefined };
  readonly #scripts: VllmStreamScript[] = [];
  #healthy = true;
  #counter = 0;

  private constructor(http: FakeHttpServer, options: FakeVLLMOptions) {
    super(http);
    this.#options = {
      model: options.model ?? 'Qwen/Qwen2.5-1.5B-Instruct',
      maxModelLen: options.maxModelLen ?? 4096,
      apiKey: options.apiKey,
      autoToolChoice: options.autoToolChoice ?? false,
      version: options.version ?? '0.11.0',
    };
  }

  static start(options: FakeVLLMOptions = {}): Promise<FakeVLLMServer> {
    return FakeEngineServer.listen((http) => new FakeVLLMServer(http, options));
  }

  get model(): string {
    return this.#options.model;
  }

  /** A dead engine core: `/health` answers 503 (empty body). */
  setHealthy(healthy: boolean): void {
    this.#healthy = healthy;
  }

  /** Misbehaves on the next chat stream. */
  queueStreamScript(script: VllmStreamScript): void {
    this.#scripts.push(script);
  }

  protected handle(request: RecordedRequest): FakeReply {
    const route = `${request.method} ${request.path}`;
    if (route === 'GET /health')
      return { status: this.#healthy ? 200 : 503, headers: {}, pieces: [] };
    if (route === 'GET /version') return jsonReply(200, { version: this.#options.version });
    if (request.path.startsWith('/v1/') && !this.#authorized(request)) {
      return jsonReply(401, { error: 'Unauthorized' });
    }
    if (route === 'GET /v1/models') return jsonReply(200, this.#models());
    if (route === 'POST /v1/chat/completions') return this.#chat(request);
    return jsonReply(404, { detail: 'Not Found' });
  }

  #authorized(request: RecordedRequest): boolean {
    const key = this.#options.apiKey;
    return key === undefined || request.headers.authorization === `Bearer ${key}`;
  }

  #models(): unknown {
    const id = this.#options.model;
    return {
      object: 'list',
      data: [
        {
          id,
          object: 'model',
          created: 1_760_000_000,
          owned_by: 'vllm',
          root: id,
          parent: null,
          max_model_len: this.#options.maxModelLen,
          permission: [
            {
              id: 'modelperm-0a1b2c',
              object: 'model_permission',
              created: 1_760_000_000,
              allow_create_engine: false,
              allow_sampling: true,
              allow_logprobs: true,
              allow_search_indices: false,
              allow_view: true,
              allow_fine_tuning: false,
              organization: '*',
              group: null,
              is_blocking: false,
            },
          ],
        },
      ],
    };
  }

  #chat(request: RecordedRequest): FakeReply {
    const body = request.json;
    if (!isRecord(body)) return badRequest('Expecting value: line 1 column 1 (char 0)');
    if (body.model !== this.#options.model) {
      return jsonReply(404, {
        error: {
          message: `The model \`${String(body.model)}\` does not exist.`,
          type: 'NotFoundError',
          param: 'model',
          code: 404,
        },
      });
    }
    const tools = readTools(body);
    // vLLM treats tools without tool_choice as "auto".
    const toolChoice = body.tool_choice ?? (tools.length > 0 ? 'auto' : 'none');
    if (tools.length > 0 && toolChoice === 'auto' && !this.#options.autoToolChoice) {
      return badRequest(
        '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
      );
    }
    const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : 16;
    const promptTokens = Math.ceil(promptCharacters(body.messages) / charsPerToken) + 10;
    if (promptTokens + maxTokens > this.#options.maxModelLen) {
      return badRequest(
        `This model's maximum context length is ${this.#options.maxModelLen} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
      );
    }
    const tool = pickTool(tools, toolChoice);
    const plan = tool === undefined ? textPlan(maxTokens) : toolPlan(tool, maxTokens);
    const id = `chatcmpl-${(++this.#counter).toString(16).padStart(8, '0')}`;
    const usage = {
      prompt_tokens: promptTokens,
      total_tokens: promptTokens + plan.tokens.length,
      completion_tokens: plan.tokens.length,
      prompt_tokens_details: null,
    };
    if (body.stream === true) {
      const includeUsage =
        isRecord(body.stream_options) && body.stream_options.include_usage === true;
      return this.#stream(id, plan, includeUsage ? usage : undefined);
    }
    const message: Record<string, unknown> = {
      role: 'assistant',
      reasoning_content: null,
      content: tool === undefined ? plan.tokens.join('') : null,
      tool_calls:
        tool === undefined
          ? []
          : [
              {
                id: plan.callId,
                type: 'function',
                function: { name: tool.name, arguments: plan.tokens.join('') },
              },
            ],
    };
    return jsonReply(200, {
      id,
      object: 'chat.completion',
      created: 1_760_000_100,
      model: this.#options.model,
      choices: [
        { index: 0, message, logprobs: null, finish_reason: plan.finishReason, stop_reason: null },
      ],
      usage,
      prompt_logprobs: null,
    });
  }

  #stream(id: string, plan: Plan, usage: Record<string, unknown> | undefined): FakeReply {
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
      id,
      object: 'chat.completion.chunk',
      created: 1_760_000_100,
      model: this.#options.model,
      choices,
      ...extra,
    });
    const delta = (value: Record<string, unknown>, finish: string | null = null) =>
      chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finish }]);
    const events: unknown[] = [delta({ role: 'assistant', content: '' })];
    if (this.#scripts.shift() === 'error-midway') {
      events.push(delta({ content: replyTokens[0] }));
      events.push({
        error: {
          message: 'The engine encountered an error while generating (EngineDeadError)',
          type: 'InternalServerError',
          param: null,
          code: 500,
        },
      });
      return sseReply(events);
    }
    if (plan.toolName === undefined) {
      for (const token of plan.tokens) events.push(delta({ content: token }));
    } else {
      events.push(
        delta({
          tool_calls: [
            {
              id: plan.callId,
              type: 'function',
              index: 0,
              function: { name: plan.toolName, arguments: '' },
            },
          ],
        }),
      );
      for (const token of plan.tokens) {
        events.push(delta({ tool_calls: [{ index: 0, function: { arguments: token } }] }));
      }
    }
    events.push(delta({ content: '' }, plan.finishReason));
    if (usage !== undefined) events.push(chunk([], { usage }));
    events.push('data: [DONE]\n\n');
    return sseReply(events);
  }
}

interface Plan {
  tokens: string[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  toolName?: string;
  callId?: string;
}

function textPlan(maxTokens: number): Plan {
  const tokens = replyTokens.slice(0, maxTokens);
  return { tokens, finishReason: tokens.length < replyTokens.length ? 'length' : 'stop' };
}

function toolPlan(tool: FakeTool, maxTokens: number): Plan {
  const text = JSON.stringify(toolArgumentsForSchema(tool.parameters));
  // Roughly how a BPE tokenizer cuts JSON: punctuation runs and words.
  const all = text.match(/[{}[\]":,]+|[^{}[\]":,]+/g) ?? [];
  const tokens = all.slice(0, maxTokens);
  return {
    tokens,
    finishReason: tokens.length < all.length ? 'length' : 'tool_calls',
    toolName: tool.name,
    callId: `chatcmpl-tool-${tool.name.length.toString(16)}f3a9c2e1b7d4`,
  };
}

function pickTool(tools: readonly FakeTool[], choice: unknown): FakeTool | undefined {
  if (tools.length === 0 || choice === 'none') return undefined;
  if (isRecord(choice) && isRecord(choice.function)) {
    return tools.find((tool) => tool.name === (choice.function as Record<string, unknown>).name);
  }
  return tools[0];
}

function badRequest(message: string): FakeReply {
  return jsonReply(400, { error: { message, type: 'BadRequestError', param: null, code: 400 } });
}
