import type { InferenceEngine } from '@openjarvis/core';
import { contextWindowFix, toolSupportFix } from './engine-fixes.js';

/**
 * Tokens of opencode's first request: 9,195, measured with opencode 1.18.33's
 * `build` agent (system prompt, environment and instructions, no tool schemas)
 * as counted by a real llama-server with a GPT-2 BPE vocabulary (the
 * `chatml-notools` e2e run), rounded up. A window below it cannot hold even the
 * first request; tool schemas, when the template renders them, come on top.
 */
export const opencodeFirstRequestTokens = 9_216;

export interface EngineFitOptions {
  /** The smallest usable window. @default opencodeFirstRequestTokens */
  minContextTokens?: number | undefined;
  /** Fail when the engine says the model cannot call tools. @default true */
  requireToolSupport?: boolean | undefined;
  /** The window to check instead of asking the engine (the agent's `contextLength` option). */
  contextLength?: number | undefined;
  /** Bound on each question to the engine. @default 3_000 */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export type EngineFit =
  | { ok: true; contextLength: number | undefined }
  | { ok: false; kind: 'context_length_exceeded' | 'tools_unsupported'; message: string };

/**
 * Asks the engine what it already knows, before opencode is started: the
 * window a client of its OpenAI-compatible URL gets, and whether the model can
 * call tools. A model that cannot do either fails here in a request or two
 * instead of after a whole run (an empty answer, or opencode's compaction). An
 * engine that cannot tell (or does not answer in time) passes.
 */
export async function checkEngineFit(
  engine: InferenceEngine | undefined,
  model: string,
  options: EngineFitOptions = {},
): Promise<EngineFit> {
  const contextLength = options.contextLength ?? (await askWindow(engine, model, options));
  const needed = options.minContextTokens ?? opencodeFirstRequestTokens;
  if (contextLength !== undefined && contextLength < needed) {
    return {
      ok: false,
      kind: 'context_length_exceeded',
      message: `the model "${model}" has a context window of ${contextLength} tokens, and opencode's first request alone needs about ${needed}; ${contextWindowFix(engine?.engineId, needed)}`,
    };
  }
  if (options.requireToolSupport !== false && (await askTools(engine, model, options)) === 'no') {
    return {
      ok: false,
      kind: 'tools_unsupported',
      message: `${engine?.engineId ?? 'the engine'} says the model "${model}" cannot call tools, and opencode works only through tools; ${toolSupportFix(engine?.engineId)}`,
    };
  }
  return { ok: true, contextLength };
}

function askWindow(
  engine: InferenceEngine | undefined,
  model: string,
  options: EngineFitOptions,
): Promise<number | undefined> {
  if (engine === undefined) return Promise.resolve(undefined);
  const ask = engine.openaiContextLength ?? engine.contextLength;
  if (ask === undefined) return Promise.resolve(undefined);
  return bounded((signal) => ask.call(engine, model, { signal }), options);
}

async function askTools(
  engine: InferenceEngine | undefined,
  model: string,
  options: EngineFitOptions,
): Promise<string | undefined> {
  const ask = engine?.toolSupport;
  if (engine === undefined || ask === undefined) return undefined;
  return bounded((signal) => ask.call(engine, model, { signal }), options);
}

/** Runs one question with a bound; a failure or no answer in time is "cannot tell". */
async function bounded<T>(
  question: (signal: AbortSignal) => Promise<T>,
  options: EngineFitOptions,
): Promise<T | undefined> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const signal =
    options.signal === undefined
      ? AbortSignal.timeout(timeoutMs)
      : AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]);
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([question(signal).catch(() => undefined), giveUp]);
  } finally {
    clearTimeout(timer);
  }
}
