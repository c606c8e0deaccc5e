import { FakeEngineServer } from '../fake-engine-server.js';
import type { FakeHttpServer, RecordedRequest } from '../fake-http-server.js';
import type { FakeReply } from '../fake-reply.js';
import { loadRecording } from './recordings.js';

/** Names of the recorded chat replies the fake can play. */
export type LlamaCppChatRecording =
  | 'chat'
  | 'chat_stop'
  | 'chat_stream'
  | 'chat_stream_usage'
  | 'chat_tools_auto'
  | 'chat_tools_required'
  | 'chat_tools_required_truncated'
  | 'chat_tools_stream'
  | 'chat_tool_roundtrip'
  | 'chat_ctx_overflow'
  | 'chat_ctx_overflow_stream'
  | 'chat_tools_auto_parse_error'
  | 'chat_tools_auto_parse_error_stream'
  | 'chat_no_messages'
  | 'chat_bad_json'
  | 'chat_unknown_model';

export interface FakeLlamaCppOptions {
  /** Like `--api-key`: everything but `/health` then needs `Authorization: Bearer` or `X-Api-Key`. */
  apiKey?: string;
  /** Start in the loading phase: every route answers 503 `unavailable_error`. */
  loading?: boolean;
  /**
   * Whether the chat template supports tools. When false, `/props` reports
   * `supports_tools: false` and tools are ignored silently, as llama-server
   * does with a template without tool support.
   * @default true
   */
  toolTemplate?: boolean;
  /** The context size (`-c`); longer prompts overflow. @default 2048 */
  contextSize?: number;
}

/** Prompts are measured as four characters per token, which is enough to trigger overflow. */
const charsPerToken = 4;

/**
 * A llama-server stand-in that replays recorded responses (recordings of a
 * real llama-server, see `recordings/PROVENANCE.md`). It picks the recording a
 * real server would have produced for the request (forced tool call, stream
 * with usage, context overflow, …); `queueChatReply` overrides the choice for
 * the next chat request.
 */
export class FakeLlamaCppServer extends FakeEngineServer {
  readonly #options: FakeLlamaCppOptions;
  readonly #queued: LlamaCppChatRecording[] = [];
  #loading: boolean;

  private constructor(http: FakeHttpServer, options: FakeLlamaCppOptions) {
    super(http);
    this.#options = options;
    this.#loading = options.loading ?? false;
  }

  static start(options: FakeLlamaCppOptions = {}): Promise<FakeLlamaCppServer> {
    return FakeEngineServer.listen((http) => new FakeLlamaCppServer(http, options));
  }

  /** Loading (every route 503) or ready. */
  setLoading(loading: boolean): void {
    this.#loading = loading;
  }

  /** Plays `name` for the next chat request instead of choosing one. */
  queueChatReply(name: LlamaCppChatRecording): void {
    this.#queued.push(name);
  }

  protected handle(request: RecordedRequest): FakeReply {
    const path = request.path;
    const isHealth = path === '/health' || path === '/v1/health';
    if (this.#loading) {
      return replay(
        isHealth
          ? 'health_loading_503'
          : path.includes('models')
            ? 'v1_models_loading_503'
            : 'chat_loading_503',
      );
    }
    if (isHealth) return replay(path === '/health' ? 'health' : 'v1_health');
    if (!this.#authorized(request)) return replay('apikey_models_nokey');
    switch (`${request.method} ${path}`) {
      case 'GET /v1/models':
      case 'GET /models':
        return replay(this.#options.apiKey === undefined ? 'v1_models' : 'apikey_models_goodkey');
      case 'GET /props':
        return this.#props();
      case 'GET /slots':
        return replay('slots');
      case 'POST /v1/chat/completions':
      case 'POST /chat/completions':
        return replay(this.#queued.shift() ?? this.#chooseChat(request));
      default:
        return replay('api_tags');
    }
  }

  #authorized(request: RecordedRequest): boolean {
    const key = this.#options.apiKey;
    if (key === undefined) return true;
    return (
      request.headers.authorization === `Bearer ${key}` || request.headers['x-api-key'] === key
    );
  }

  #props(): FakeReply {
    const recorded = loadRecording('props');
    if (this.#options.toolTemplate !== false) return replay('props');
    const props = JSON.parse(recorded.body.toString('utf8')) as Record<string, unknown>;
    const caps = { ...(props.chat_template_caps as Record<string, unknown>) };
    caps.supports_tools = false;
    caps.supports_tool_calls = false;
    caps.supports_parallel_tool_calls = false;
    return withBody(
      recorded.status,
      recorded.headers,
      JSON.stringify({ ...props, chat_template_caps: caps }),
    );
  }

  #chooseChat(request: RecordedRequest): LlamaCppChatRecording {
    const body = request.json;
    if (body === undefined) return 'chat_bad_json';
    if (typeof body !== 'object' || body === null || !('messages' in body))
      return 'chat_no_messages';
    const chat = body as {
      messages: Array<{ role?: string; content?: unknown }>;
      stream?: boolean;
      stream_options?: { include_usage?: boolean };
      tools?: unknown[];
      tool_choice?: unknown;
      parallel_tool_calls?: boolean;
    };
    const stream = chat.stream === true;
    const promptChars = chat.messages.reduce(
      (sum, message) => sum + (typeof message.content === 'string' ? message.content.length : 0),
      0,
    );
    if (promptChars / charsPerToken > (this.#options.contextSize ?? 2048)) {
      return stream ? 'chat_ctx_overflow_stream' : 'chat_ctx_overflow';
    }
    const toolsApply =
      this.#options.toolTemplate !== false && Array.isArray(chat.tools) && chat.tools.length > 0;
    if (toolsApply && chat.tool_choice === 'required') {
      if (stream) return 'chat_tools_stream';
      return chat.parallel_tool_calls === false
        ? 'chat_tools_required'
        : 'chat_tools_required_truncated';
    }
    if (stream)
      return chat.stream_options?.include_usage === true ? 'chat_stream_usage' : 'chat_stream';
    if (chat.messages.some((message) => message.role === 'tool')) return 'chat_tool_roundtrip';
    return toolsApply ? 'chat_tools_auto' : 'chat';
  }
}

function replay(name: string): FakeReply {
  const recording = loadRecording(name);
  if (recording.headers['content-type'] === 'text/event-stream') {
    // One write per event, as the server flushes them.
    const events = recording.body.toString('utf8').split(/(?<=\n\n)/);
    return { status: recording.status, headers: recording.headers, pieces: events };
  }
  return withBody(recording.status, recording.headers, recording.body);
}

function withBody(
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): FakeReply {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    status,
    headers: { ...headers, 'content-length': String(bytes.byteLength) },
    pieces: [bytes],
  };
}
