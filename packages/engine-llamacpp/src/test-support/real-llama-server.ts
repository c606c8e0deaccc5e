import type { GenerateOptions, ToolCall, ToolDefinition } from '@openjarvis/core';
import {
  type LlamaServer,
  type StartLlamaServerOptions,
  weatherTool as sharedWeatherTool,
  startLlamaServer,
} from '@openjarvis/testing/llama-server';
import { afterAll, beforeAll, expect } from 'vitest';

// Helpers for the integration tests that run LlamaCppEngine against a real llama-server
// (`@openjarvis/testing`'s `startLlamaServer`, tiny random-weight model). Not part of the build.
// Without a llama-server binary the tests fail with LlamaServerNotFoundError, which says to run
// `node scripts/setup-llama-server.mjs`; they never skip.

/** Per-test bound for a describe block. A bound only: no test asserts on durations. */
export const REAL_SERVER_BOUND = { timeout: 120_000 };

/** Bound on closing a server (SIGTERM, then SIGKILL after 5 s). */
const CLOSE_BOUND_MS = 30_000;

/**
 * Starts one llama-server for the enclosing describe block (or file) and closes it after
 * all its tests. The start is not awaited in the hook: each test awaits the returned getter,
 * so a server that cannot start fails every test that needs it, with the launcher's error.
 */
export function sharedLlamaServer(
  options: StartLlamaServerOptions = {},
): () => Promise<LlamaServer> {
  let started: Promise<LlamaServer> | undefined;
  beforeAll(() => {
    started = startLlamaServer(options);
    started.catch(() => {}); // reported by the tests that await it
  });
  afterAll(async () => {
    const server = await started?.catch(() => undefined);
    await server?.close();
  }, CLOSE_BOUND_MS);
  return () => {
    if (started === undefined) throw new Error('beforeAll has not started the llama-server');
    return started;
  };
}

/** Anything with an async `close()`: engines and servers made inside a test. */
export interface Closable {
  close(): Promise<void>;
}

/** Collects objects to close after all tests of the file (engines built per test). */
export function closeAfterAll(): <T extends Closable>(item: T) => T {
  const open: Closable[] = [];
  afterAll(async () => {
    for (const item of open.splice(0)) await item.close();
  }, CLOSE_BOUND_MS);
  return (item) => {
    open.push(item);
    return item;
  };
}

/**
 * Polls `check` every `intervalMs` until it returns true; throws after `timeoutMs`.
 * The bound only keeps a broken server from hanging the run.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  { timeoutMs = 30_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The tool the tiny model is made to call. */
export const weatherTool: ToolDefinition = sharedWeatherTool;

export const userAsksWeather = [{ role: 'user' as const, content: 'Weather in Paris?' }];

/** Token ids of the generated tiny model; every server these tests start generates one. */
function tokenIdsOf(server: LlamaServer): NonNullable<LlamaServer['tokenIds']> {
  if (server.tokenIds === undefined)
    throw new Error('the server does not run a generated tiny model');
  return server.tokenIds;
}

/**
 * Options that make the random model call `get_weather` (the engine-level twin of
 * `forcedToolCallRequest`): the bare-JSON template turns the call trigger into `{`,
 * `toolChoice: 'required'` makes llama-server constrain sampling with a grammar, and a
 * `logit_bias` on `{` / `{"` at temperature 0 makes the outcome repeatable.
 */
export function forcedToolCallOptions(server: LlamaServer): GenerateOptions {
  const ids = tokenIdsOf(server);
  return {
    model: server.modelAlias,
    maxTokens: 256,
    temperature: 0,
    tools: [weatherTool],
    toolChoice: 'required',
    extraBody: {
      parallel_tool_calls: false,
      logit_bias: [
        [ids.openBrace, 30],
        [ids.openBraceQuote, 30],
      ],
    },
  };
}

/**
 * `extraBody` that bans `<|endoftext|>` (llama-server reads `false` as minus infinity), so
 * generation runs until `maxTokens` and `finishReason` is `length`, whatever the weights.
 */
export function withoutEndOfText(server: LlamaServer): Record<string, unknown> {
  return { logit_bias: [[tokenIdsOf(server).endOfText, false]] };
}

/** Asserts the shape of a forced `get_weather` call; nothing about generated text. */
export function expectWeatherCall(call: ToolCall | undefined): void {
  expect(call).toMatchObject({
    id: expect.stringMatching(/./),
    name: 'get_weather',
    arguments: { city: expect.stringMatching(/^(Paris|Oslo)$/) },
  });
  expect(call?.argumentsError).toBeUndefined();
  expect(Object.keys(call?.arguments ?? {})).toEqual(['city']);
  expect(JSON.parse(call?.rawArguments ?? 'null')).toEqual(call?.arguments);
}

/** Bound on one probe of `/metrics` or `/slots`. */
const PROBE_BOUND_MS = 10_000;

/** A counter from llama-server's Prometheus `/metrics` (server started with `metrics: true`). */
export async function readMetric(server: LlamaServer, name: string): Promise<number> {
  const response = await fetch(`${server.baseUrl}/metrics`, {
    headers: server.authHeaders,
    signal: AbortSignal.timeout(PROBE_BOUND_MS),
  });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  if (line === undefined) throw new Error(`/metrics has no ${name}`);
  const value = Number(line.slice(name.length + 1).trim());
  if (!Number.isFinite(value)) throw new Error(`/metrics has a non-numeric ${name}: ${line}`);
  return value;
}

/** Whether any of llama-server's slots is still working on a task (`GET /slots`). */
export async function anySlotBusy(server: LlamaServer): Promise<boolean> {
  const response = await fetch(`${server.baseUrl}/slots`, {
    headers: server.authHeaders,
    signal: AbortSignal.timeout(PROBE_BOUND_MS),
  });
  if (!response.ok) throw new Error(`GET /slots answered ${response.status}`);
  const slots: unknown = await response.json();
  if (!Array.isArray(slots)) throw new Error('GET /slots did not answer an array');
  return slots.some(
    (slot: unknown) =>
      typeof slot === 'object' &&
      slot !== null &&
      'is_processing' in slot &&
      slot.is_processing === true,
  );
}
