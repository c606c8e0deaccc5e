import type { InferenceEngine, ToolSupport } from '@openjarvis/core';
import { describe, expect, it } from 'vitest';
import { checkEngineFit, opencodeFirstRequestTokens } from './check-engine-fit.js';

function engine(parts: {
  engineId?: string;
  window?: number | 'hang';
  openaiWindow?: number;
  tools?: ToolSupport | 'throw';
}): InferenceEngine {
  return {
    engineId: parts.engineId ?? 'llamacpp',
    contextLength: async () =>
      parts.window === 'hang' ? new Promise<undefined>(() => {}) : parts.window,
    ...(parts.openaiWindow === undefined
      ? {}
      : { openaiContextLength: async () => parts.openaiWindow }),
    toolSupport: async () => {
      if (parts.tools === 'throw') throw new Error('engine down');
      return parts.tools ?? 'unknown';
    },
  } as unknown as InferenceEngine;
}

describe('checkEngineFit', () => {
  it('passes a window that holds opencode, and hands it back for the config', async () => {
    expect(await checkEngineFit(engine({ window: 32_768, tools: 'yes' }), 'm')).toEqual({
      ok: true,
      contextLength: 32_768,
    });
  });

  it('fails a window below opencodeFirstRequestTokens, with the fix for the engine', async () => {
    const fit = await checkEngineFit(engine({ window: 2048 }), 'tiny');
    expect(fit).toMatchObject({ ok: false, kind: 'context_length_exceeded' });
    expect(fit.ok || fit.message).toContain(`about ${opencodeFirstRequestTokens}`);
    expect(fit.ok || fit.message).toContain('-c 32768');
  });

  it("prefers the window of the engine's OpenAI-compatible URL (Ollama's /v1)", async () => {
    const fit = await checkEngineFit(
      engine({ engineId: 'ollama', window: 131_072, openaiWindow: 4096 }),
      'qwen3:8b',
    );
    expect(fit).toMatchObject({ ok: false, kind: 'context_length_exceeded' });
  });

  it('fails a model the engine says cannot call tools, unless told not to check', async () => {
    const noTools = engine({ window: 32_768, tools: 'no' });
    expect(await checkEngineFit(noTools, 'm')).toMatchObject({
      ok: false,
      kind: 'tools_unsupported',
    });
    expect(await checkEngineFit(noTools, 'm', { requireToolSupport: false })).toMatchObject({
      ok: true,
    });
  });

  it('passes when the engine cannot tell, fails, or does not answer in time', async () => {
    expect(await checkEngineFit(undefined, 'm')).toEqual({ ok: true, contextLength: undefined });
    expect(await checkEngineFit(engine({ tools: 'throw' }), 'm')).toMatchObject({ ok: true });
    const slow = await checkEngineFit(engine({ window: 'hang' }), 'm', { timeoutMs: 50 });
    expect(slow).toEqual({ ok: true, contextLength: undefined });
  });

  it('checks a given contextLength instead of asking, and minContextTokens sets the bar', async () => {
    expect(
      await checkEngineFit(engine({ window: 65_536 }), 'm', { contextLength: 4096 }),
    ).toMatchObject({ ok: false, kind: 'context_length_exceeded' });
    expect(
      await checkEngineFit(engine({ window: 4096 }), 'm', { minContextTokens: 0 }),
    ).toMatchObject({ ok: true, contextLength: 4096 });
  });
});
