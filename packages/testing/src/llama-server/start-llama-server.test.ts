import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTinyBpeVocab } from '../gguf/tiny-bpe-vocab.js';
import { forcedToolCallRequest } from './forced-tool-call-request.js';
import { LlamaServerNotFoundError, LlamaServerStartError } from './llama-server-errors.js';
import { livingProcessGroupMembers } from './process-group.js';
import { resolveLlamaServerBinary } from './resolve-llama-server-binary.js';
import { servesModel } from './serves-model.js';
import {
  type LlamaServer,
  type StartLlamaServerOptions,
  startLlamaServer,
} from './start-llama-server.js';

// These tests run a real llama-server. Without one they fail with LlamaServerNotFoundError,
// which says to run `node scripts/setup-llama-server.mjs`; they never skip.

/** Bounds only: nothing here asserts on durations. */
const BOUND = { timeout: 120_000 };

interface ErrorBody {
  error: { code: number; message: string; type: string };
}

interface ToolCallDelta {
  index: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

interface ChatChunk {
  object: string;
  model: string;
  choices: {
    index: number;
    finish_reason: string | null;
    delta: { tool_calls?: ToolCallDelta[] };
  }[];
  usage?: { completion_tokens: number; prompt_tokens: number };
}

interface ChatCompletion {
  object: string;
  model: string;
  choices: {
    finish_reason: string;
    message: {
      role: string;
      tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
    };
  }[];
}

/** Starts one server for a describe block; each test awaits it, so each fails if it cannot start. */
function sharedServer(options: StartLlamaServerOptions = {}): () => Promise<LlamaServer> {
  let started: Promise<LlamaServer> | undefined;
  beforeAll(() => {
    started = startLlamaServer(options);
    started.catch(() => {}); // reported by every test that awaits it
  });
  afterAll(async () => {
    const server = await started?.catch(() => undefined);
    await server?.close();
  }, 30_000);
  return () => {
    if (started === undefined) throw new Error('beforeAll did not run');
    return started;
  };
}

function postChat(server: LlamaServer, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.openAIBaseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...server.authHeaders },
    body: JSON.stringify(body),
  });
}

/** The `data:` payloads of an SSE body, in order. */
function sseData(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((event) =>
      event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice('data:'.length).trimStart())
        .join('\n'),
    )
    .filter((data) => data.length > 0);
}

function expectWeatherArguments(json: string): void {
  const parsed: unknown = JSON.parse(json);
  expect(parsed).toEqual({ city: expect.stringMatching(/^(Paris|Oslo)$/) });
}

test('a llama-server is available (otherwise run `node scripts/setup-llama-server.mjs`)', async () => {
  const binary = await resolveLlamaServerBinary();
  expect(existsSync(binary.path)).toBe(true);
});

describe('llama-server with the tiny model and the bare-JSON tools template', BOUND, () => {
  const server = sharedServer({ metrics: true });

  test('the generated GGUF loads and /health is ok', async () => {
    const { baseUrl } = await server();
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('/v1/models lists the alias with meta.n_ctx', async () => {
    const s = await server();
    const response = await fetch(`${s.openAIBaseUrl}/models`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      object: string;
      data: { id: string; meta: { n_ctx: number; n_vocab: number } }[];
    };
    expect(body.object).toBe('list');
    expect(body.data.map((model) => model.id)).toEqual(['tiny']);
    expect(s.modelAlias).toBe('tiny');
    expect(body.data[0]?.meta.n_ctx).toBe(2048);
    expect(body.data[0]?.meta.n_vocab).toBe(buildTinyBpeVocab().tokens.length);
  });

  test('/props reports a template with tool support; /metrics is on', async () => {
    const { baseUrl } = await server();
    const props = (await (await fetch(`${baseUrl}/props`)).json()) as {
      chat_template_caps: { supports_tools: boolean; supports_tool_calls: boolean };
    };
    expect(props.chat_template_caps.supports_tools).toBe(true);
    expect(props.chat_template_caps.supports_tool_calls).toBe(true);
    const metrics = await fetch(`${baseUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('llamacpp:');
  });

  test('a forced tool call yields get_weather with parseable JSON arguments', async () => {
    const s = await server();
    const response = await postChat(s, forcedToolCallRequest());
    expect(response.status).toBe(200);
    const body = (await response.json()) as ChatCompletion;
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe('tiny');
    const choice = body.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.role).toBe('assistant');
    const calls = choice?.message.tool_calls ?? [];
    expect(calls).toHaveLength(1);
    expect(calls[0]?.type).toBe('function');
    expect(calls[0]?.function.name).toBe('get_weather');
    expect(calls[0]?.id).toEqual(expect.any(String));
    expectWeatherArguments(calls[0]?.function.arguments ?? '');
  });

  test('a fixed port another llama-server holds is a port-conflict error; that server is unharmed', async () => {
    const other = await server();
    const error: unknown = await startLlamaServer({ port: other.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlamaServerStartError);
    expect((error as LlamaServerStartError).reason).toBe('port-conflict');
    expect((error as Error).message).toContain(`127.0.0.1:${other.port}`);
    expect((await fetch(`${other.baseUrl}/health`)).status).toBe(200);
  });

  test('/props names the model it serves: ours, not a look-alike on the same port', async () => {
    const s = await server();
    expect(await servesModel(s.baseUrl, s.modelPath, s.authHeaders, 5_000)).toBe(true);
    expect(await servesModel(s.baseUrl, `${s.modelPath}.other`, s.authHeaders, 5_000)).toBe(false);
  });

  test('a streamed forced tool call arrives as fragments, then usage and [DONE]', async () => {
    const s = await server();
    const response = await postChat(s, forcedToolCallRequest({ stream: true }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = sseData(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data) as ChatChunk);
    for (const chunk of chunks) expect(chunk.object).toBe('chat.completion.chunk');

    const calls = new Map<number, { name: string; arguments: string }>();
    for (const chunk of chunks) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = calls.get(delta.index) ?? { name: '', arguments: '' };
        call.name += delta.function?.name ?? '';
        call.arguments += delta.function?.arguments ?? '';
        calls.set(delta.index, call);
      }
    }
    expect([...calls.keys()]).toEqual([0]);
    expect(calls.get(0)?.name).toBe('get_weather');
    expectWeatherArguments(calls.get(0)?.arguments ?? '');

    const finishes = chunks.flatMap((chunk) => chunk.choices.map((c) => c.finish_reason));
    expect(finishes.filter((reason) => reason !== null)).toEqual(['tool_calls']);
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.completion_tokens).toBeGreaterThan(0);
  });
});

describe('llama-server with --api-key', BOUND, () => {
  const server = sharedServer({ apiKey: 'sekret' });

  test('/v1/models without the key is 401 authentication_error', async () => {
    const { openAIBaseUrl } = await server();
    const response = await fetch(`${openAIBaseUrl}/models`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.type).toBe('authentication_error');
    expect(body.error.code).toBe(401);
  });

  test('a wrong key is 401; the key as Bearer or X-Api-Key is 200', async () => {
    const s = await server();
    const url = `${s.openAIBaseUrl}/models`;
    expect((await fetch(url, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(url, { headers: s.authHeaders })).status).toBe(200);
    expect((await fetch(url, { headers: { 'X-Api-Key': 'sekret' } })).status).toBe(200);
    expect(s.apiKey).toBe('sekret');
  });

  test('/health stays public', async () => {
    const { baseUrl } = await server();
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('llama-server with the chatml-notools template', BOUND, () => {
  const server = sharedServer({ template: 'chatml-notools' });

  test('/props reports no tool support', async () => {
    const { baseUrl } = await server();
    const props = (await (await fetch(`${baseUrl}/props`)).json()) as {
      chat_template_caps: { supports_tools: boolean };
    };
    expect(props.chat_template_caps.supports_tools).toBe(false);
  });
});

describe('the loading state', BOUND, () => {
  // About a million inert merges keep llama-server busy building its merge table for a
  // second or two, while it already answers HTTP.
  const server = sharedServer({ model: { paddingMerges: 1_000_000 }, waitFor: 'listening' });

  test('llama-server answers 503 unavailable_error while loading, then becomes ready', async () => {
    const s = await server();
    expect(s.loadingObserved).toBe(true);
    const response = await fetch(`${s.baseUrl}/health`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toEqual({
      code: 503,
      message: 'Loading model',
      type: 'unavailable_error',
    });
    await s.waitUntilReady();
    expect((await fetch(`${s.baseUrl}/health`)).status).toBe(200);
  });
});

describe('lifecycle and failures', BOUND, () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'llama-server-test-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  test('close() stops the process group and removes the model; close() twice is fine', async () => {
    const server = await startLlamaServer();
    expect(livingProcessGroupMembers(server.process.pid).length).toBeGreaterThan(0);
    expect(existsSync(server.modelPath)).toBe(true);
    await server.close();
    expect(livingProcessGroupMembers(server.process.pid)).toEqual([]);
    expect(existsSync(dirname(server.modelPath))).toBe(false);
    await server.close();
    await expect(fetch(`${server.baseUrl}/health`)).rejects.toThrow();
  });

  test('a missing binary is a LlamaServerNotFoundError that names the setup script', async () => {
    const missing = join(scratch, 'no-such-llama-server');
    const started = startLlamaServer({ binary: missing });
    await expect(started).rejects.toBeInstanceOf(LlamaServerNotFoundError);
    await expect(started).rejects.toThrow(/setup-llama-server\.mjs/);
    await expect(
      resolveLlamaServerBinary({ env: { LLAMA_SERVER_BIN: missing } }),
    ).rejects.toBeInstanceOf(LlamaServerNotFoundError);
  });

  test('the upward search stops at the repository root', async () => {
    const repo = join(scratch, 'repo');
    const nested = join(repo, 'packages', 'x');
    await mkdir(nested, { recursive: true });
    await writeFile(join(repo, 'pnpm-workspace.yaml'), 'packages: []\n');
    const error: unknown = await resolveLlamaServerBinary({ env: {}, searchFrom: nested }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LlamaServerNotFoundError);
    expect((error as LlamaServerNotFoundError).searched).toEqual([
      join(nested, '.cache', 'llama-server', 'bin', 'llama-server'),
      join(repo, 'packages', '.cache', 'llama-server', 'bin', 'llama-server'),
      join(repo, '.cache', 'llama-server', 'bin', 'llama-server'),
    ]);
  });

  test('an unloadable model is a LlamaServerStartError with the log', async () => {
    const bogus = join(scratch, 'bogus.gguf');
    await writeFile(bogus, 'this is not a GGUF file');
    const error: unknown = await startLlamaServer({ modelPath: bogus }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlamaServerStartError);
    expect((error as LlamaServerStartError).reason).toBe('exited');
    expect((error as LlamaServerStartError).logTail.length).toBeGreaterThan(0);
  });

  test('a fixed port held by a server that answers /health 200 is a port-conflict, not a success', async () => {
    const impostor = createHttpServer((request, response) => {
      response.writeHead(request.url === '/health' ? 200 : 404, {
        'content-type': 'application/json',
      });
      response.end(request.url === '/health' ? '{"status":"ok"}' : '{}');
    });
    await new Promise<void>((resolveListen) => impostor.listen(0, '127.0.0.1', resolveListen));
    try {
      const address = impostor.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      expect(await servesModel(`http://127.0.0.1:${address.port}`, '/m.gguf', {}, 5_000)).toBe(
        false,
      );
      const error: unknown = await startLlamaServer({ port: address.port }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LlamaServerStartError);
      expect((error as LlamaServerStartError).reason).toBe('port-conflict');
    } finally {
      impostor.closeAllConnections();
      await new Promise<void>((resolveClose) => impostor.close(() => resolveClose()));
    }
  });

  test('a taken fixed port is a port-conflict LlamaServerStartError', async () => {
    // Drops connections at once: health probes fail fast, and close() has nothing to wait for.
    const blocker: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolveListen) => blocker.listen(0, '127.0.0.1', resolveListen));
    try {
      const address = blocker.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const error: unknown = await startLlamaServer({ port: address.port }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LlamaServerStartError);
      expect((error as LlamaServerStartError).reason).toBe('port-conflict');
    } finally {
      await new Promise<void>((resolveClose) => blocker.close(() => resolveClose()));
    }
  });
});
