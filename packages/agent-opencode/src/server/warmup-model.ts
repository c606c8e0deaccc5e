import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The provider and model id the warm-up turn names in opencode's config. */
export const warmupProviderId = 'openjarvis-warmup';
export const warmupModelId = 'warmup';

/**
 * A model that answers at once, in this process, for `warm()`: opencode
 * loads most of what a turn needs (provider SDK, prompt, tools, the
 * directory's instance) lazily on the first prompt, and only a prompt makes
 * it do so. Pointing that first prompt here warms opencode without spending
 * the user's engine on it. It asks for one no-op bash call (`:`, which
 * writes nothing), since opencode also readies its shell tool on first use,
 * then answers "ok". Loopback only, behind a key of its own.
 */
export class WarmupModel {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly #server: Server;

  private constructor(server: Server, apiKey: string) {
    this.#server = server;
    this.apiKey = apiKey;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  }

  static async start(): Promise<WarmupModel> {
    const apiKey = randomBytes(24).toString('base64url');
    const server = createServer((request, response) => answer(request, response, apiKey));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    server.unref();
    return new WarmupModel(server, apiKey);
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

function answer(request: IncomingMessage, response: ServerResponse, apiKey: string): void {
  if (request.headers.authorization !== `Bearer ${apiKey}`) {
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"unauthorized"}}');
    return;
  }
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
  });
  request.on('end', () => {
    if (request.method === 'GET' && request.url?.endsWith('/models') === true) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ object: 'list', data: [{ id: warmupModelId, object: 'model' }] }),
      );
      return;
    }
    if (request.method !== 'POST' || request.url?.endsWith('/chat/completions') !== true) {
      response.writeHead(404).end();
      return;
    }
    const streamed = /"stream"\s*:\s*true/.test(body);
    // After the tool's result, the answer; before it, the call.
    const reply = /"role"\s*:\s*"tool"/.test(body) ? answerOk : callNoOp;
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
    if (!streamed) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'warmup',
          object: 'chat.completion',
          created: 0,
          model: warmupModelId,
          choices: [{ index: 0, message: reply.message, finish_reason: reply.finish }],
          usage,
        }),
      );
      return;
    }
    const chunk = (choice: object, extra: object = {}) =>
      `data: ${JSON.stringify({ id: 'warmup', object: 'chat.completion.chunk', created: 0, model: warmupModelId, choices: [{ index: 0, ...choice }], ...extra })}\n\n`;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.end(
      chunk({ delta: reply.delta, finish_reason: null }) +
        chunk({ delta: {}, finish_reason: reply.finish }, { usage }) +
        'data: [DONE]\n\n',
    );
  });
}

interface WarmupReply {
  message: object;
  delta: object;
  finish: 'stop' | 'tool_calls';
}

const answerOk: WarmupReply = {
  message: { role: 'assistant', content: 'ok' },
  delta: { role: 'assistant', content: 'ok' },
  finish: 'stop',
};

const noOpCall = {
  id: 'call_warmup',
  type: 'function',
  function: { name: 'bash', arguments: JSON.stringify({ command: ':', description: 'No-op' }) },
};

const callNoOp: WarmupReply = {
  message: { role: 'assistant', content: null, tool_calls: [noOpCall] },
  delta: { role: 'assistant', tool_calls: [{ index: 0, ...noOpCall }] },
  finish: 'tool_calls',
};
