import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelReply, ScriptedToolCall } from './model-reply.js';
import { describeRequest, type ModelRequest } from './model-request.js';
import { writeBody } from './transport/write-body.js';

/** Decides the reply to each request. */
export type ModelScript = (request: ModelRequest) => ModelReply | Promise<ModelReply>;

/** The token counts the stand-in reports. */
export interface ScriptedUsage {
  /** Reported as `prompt_tokens`. */
  inputTokens: number;
  /** Reported as `completion_tokens`. */
  outputTokens: number;
}

export interface ScriptedModelServerOptions {
  script: ModelScript;
  /**
   * The model id the server reports in `/v1/models` and in replies.
   * @default 'scripted-model'
   */
  modelId?: string;
  /**
   * Token counts reported in every reply's usage (on the wire as `prompt_tokens`
   * and `completion_tokens`), named as `Usage` in `@openjarvis/core` names them.
   * @default { inputTokens: 100, outputTokens: 20 }
   */
  usage?: ScriptedUsage;
  /** @default '127.0.0.1' */
  hostname?: string;
  /** @default 0 (any free port) */
  port?: number;
}

export interface ScriptedModelServer {
  /** Root URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** OpenAI-compatible base URL: `url` + `/v1`. */
  readonly baseUrl: string;
  readonly port: number;
  /** Every chat request received, in arrival order. */
  readonly requests: readonly ModelRequest[];
  /** Chat requests whose client closed the connection before the reply ended. */
  readonly disconnects: number;
  /** Requests (of any route) received and not yet answered in full nor closed. */
  readonly openRequests: number;
  /**
   * Stops listening and drops every connection, as an engine that went down:
   * connecting is refused until `acceptConnections()`.
   */
  refuseConnections(): Promise<void>;
  /** Listens again, on the same port. */
  acceptConnections(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real HTTP server speaking the OpenAI chat-completions protocol (JSON and
 * SSE streaming with tool-call fragments and a final usage chunk), whose
 * replies come from a script. It stands in for an LLM so that real clients
 * (opencode, engine adapters) can be tested end to end without a model.
 */
export async function startScriptedModelServer(
  options: ScriptedModelServerOptions,
): Promise<ScriptedModelServer> {
  const modelId = options.modelId ?? 'scripted-model';
  const usage = options.usage ?? { inputTokens: 100, outputTokens: 20 };
  const requests: ModelRequest[] = [];
  const sockets = new Set<Socket>();
  const open = new Set<ServerResponse>();
  let disconnects = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error), type: 'script_error' } }));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    open.add(res);
    const settled = () => open.delete(res);
    res.on('finish', settled);
    res.on('close', settled);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
      sendJson(res, 200, {
        object: 'list',
        data: [{ id: modelId, object: 'model', created: 0, owned_by: 'scripted' }],
      });
      return;
    }
    if (req.method === 'GET' && path === '/health') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      sendJson(res, 404, {
        error: { message: `no route ${req.method} ${path}`, type: 'not_found_error' },
      });
      return;
    }
    const raw = await readBody(req);
    let body: ModelRequest['body'];
    try {
      body = JSON.parse(raw) as ModelRequest['body'];
    } catch {
      sendJson(res, 400, {
        error: { message: 'request body is not JSON', type: 'invalid_request_error' },
      });
      return;
    }
    const request = describeRequest(requests.length, body, req.headers);
    requests.push(request);
    let finished = false;
    res.on('close', () => {
      if (!finished) disconnects++;
    });
    const decided = await options.script(request);
    await play(decided, body.stream === true, res, request.index);
    // A stalled reply is not over: the client closing it later is a disconnect.
    finished = decided.kind === 'hang' || decided.fault?.kind !== 'stall';
  }

  async function play(
    decided: ModelReply,
    stream: boolean,
    res: ServerResponse,
    requestIndex: number,
  ): Promise<void> {
    if (decided.kind === 'hang') {
      await new Promise<void>((resolve) => res.on('close', resolve));
      return;
    }
    if (decided.delayMs !== undefined && decided.delayMs > 0) await sleep(decided.delayMs);
    if (res.destroyed) return;
    if (decided.kind === 'http_error') {
      const code = decided.code === undefined ? {} : { code: decided.code };
      sendJson(res, decided.status, {
        error: { message: decided.message, type: decided.type ?? 'server_error', ...code },
      });
      return;
    }
    const chunkDelayMs = decided.chunkDelayMs ?? 0;
    if (!stream) {
      const payload = JSON.stringify(completionBody(decided, modelId, usage, requestIndex));
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      });
      await writeBody(res, [payload], decided.fault);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const id = `chatcmpl-${Math.random().toString(36).slice(2, 12)}`;
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model: modelId,
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`;
    const frames: string[] = [chunk({ role: 'assistant', content: '' })];
    if (decided.kind === 'malformed') {
      frames.push(`data: {"id": "${id}", "choices": [{"delta": {"content": "broken\n\n`);
    } else {
      if (decided.kind === 'text' && decided.reasoning !== undefined) {
        for (const piece of words(decided.reasoning))
          frames.push(chunk({ reasoning_content: piece }));
      }
      const text = decided.text ?? '';
      for (const piece of words(text)) frames.push(chunk({ content: piece }));
      if (decided.kind === 'tool_calls') {
        for (const [index, call] of decided.calls.entries()) {
          frames.push(...toolCallFrames(call, index, `call_${requestIndex}_${index + 1}`, chunk));
        }
      }
      // The closing chunks (finish, usage, [DONE]) leave together, as engines
      // flush them: `chunkDelayMs` paces the content only.
      frames.push(
        chunk({}, decided.kind === 'tool_calls' ? 'tool_calls' : 'stop') +
          `data: ${JSON.stringify({
            id,
            object: 'chat.completion.chunk',
            created: Math.floor(Date.now() / 1000),
            model: modelId,
            choices: [],
            usage: usageBody(usage),
          })}\n\n` +
          'data: [DONE]\n\n',
      );
    }
    await writeBody(res, frames, decided.fault, chunkDelayMs);
  }

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.hostname ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      // Called back with an error when not listening, which is fine here.
      server.close(() => resolve());
    });
  await listen(options.port ?? 0);
  const { port, address } = server.address() as AddressInfo;
  const url = `http://${address}:${port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    port,
    requests,
    get disconnects() {
      return disconnects;
    },
    get openRequests() {
      return open.size;
    },
    refuseConnections: stopListening,
    acceptConnections: () => listen(port),
    close: stopListening,
  };
}

function toolCallFrames(
  call: ScriptedToolCall,
  index: number,
  defaultId: string,
  chunk: (delta: Record<string, unknown>) => string,
): string[] {
  const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
  const id = call.id ?? defaultId;
  const frames = [
    chunk({
      tool_calls: [{ index, id, type: 'function', function: { name: call.name, arguments: '' } }],
    }),
  ];
  // Arguments arrive in pieces, as real engines send them.
  for (let i = 0; i < args.length; i += 16) {
    frames.push(chunk({ tool_calls: [{ index, function: { arguments: args.slice(i, i + 16) } }] }));
  }
  return frames;
}

function completionBody(
  decided: Exclude<ModelReply, { kind: 'hang' } | { kind: 'http_error' }>,
  modelId: string,
  usage: ScriptedUsage,
  requestIndex: number,
): Record<string, unknown> {
  const toolCalls =
    decided.kind === 'tool_calls'
      ? decided.calls.map((call, index) => ({
          id: call.id ?? `call_${requestIndex}_${index + 1}`,
          type: 'function',
          function: {
            name: call.name,
            arguments:
              typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
          },
        }))
      : undefined;
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2, 12)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: modelId,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: decided.kind === 'malformed' ? null : (decided.text ?? ''),
          ...(toolCalls === undefined ? {} : { tool_calls: toolCalls }),
        },
        finish_reason: toolCalls === undefined ? 'stop' : 'tool_calls',
      },
    ],
    usage: usageBody(usage),
  };
}

function usageBody(usage: ScriptedUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** Splits text into word-sized pieces (keeping spaces), as token streams look. */
function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
