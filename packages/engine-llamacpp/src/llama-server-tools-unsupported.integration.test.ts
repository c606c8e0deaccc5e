import { ToolsUnsupportedError } from '@openjarvis/core';
import { collect, rejection } from '@openjarvis/testing/fake-engines';
import { describe, expect, it } from 'vitest';
import { LlamaCppEngine } from './llamacpp-engine.js';
import type { LlamaCppEngineOptions } from './llamacpp-options.js';
import {
  closeAfterAll,
  forcedToolCallOptions,
  REAL_SERVER_BOUND,
  sharedLlamaServer,
  userAsksWeather,
  withoutEndOfText,
} from './test-support/real-llama-server.js';

// A real llama-server whose chat template (ChatML without tools) cannot use tools: the server
// then ignores `tools` without a word, so the adapter has to notice (/props) and say so.

const server = sharedLlamaServer({ template: 'chatml-notools' });
const track = closeAfterAll();

async function engineWith(options: LlamaCppEngineOptions = {}): Promise<LlamaCppEngine> {
  const s = await server();
  return track(new LlamaCppEngine({ host: s.baseUrl, env: {}, ...options }));
}

describe(
  'LlamaCppEngine against a real llama-server with the chatml-notools template',
  REAL_SERVER_BOUND,
  () => {
    it('the server reports no tool support in /props (the premise)', async () => {
      const s = await server();
      const props = await fetch(`${s.baseUrl}/props`);
      expect(props.status).toBe(200);
      expect(await props.json()).toMatchObject({
        chat_template_caps: { supports_tools: false, supports_tool_calls: false },
      });
    });

    it('answers toolSupport() with no, from /props, before any chat', async () => {
      const engine = await engineWith();
      expect(await engine.toolSupport('tiny')).toBe('no');
    });

    it("refuses tools with ToolsUnsupportedError by default ('error'), for generate and stream", async () => {
      const s = await server();
      const engine = await engineWith();
      // One after the other: a second rejection left pending unobserved would be unhandled.
      for (const attempt of [
        () => engine.generate(userAsksWeather, forcedToolCallOptions(s)),
        () => collect(engine.stream(userAsksWeather, forcedToolCallOptions(s))),
      ]) {
        const error = await rejection(attempt());
        expect(ToolsUnsupportedError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(/without tool support/);
      }
      // Requests without tools are unaffected.
      const plain = await engine.generate(userAsksWeather, {
        model: 'tiny',
        maxTokens: 2,
        extraBody: withoutEndOfText(s),
      });
      expect(plain.finishReason).toBe('length');
    });

    it("warns once per request and sends it with toolsUnsupported: 'warn'; the server drops the tools", async () => {
      const s = await server();
      const warnings: string[] = [];
      const engine = await engineWith({
        toolsUnsupported: 'warn',
        onWarning: (message) => warnings.push(message),
      });
      const options = { ...forcedToolCallOptions(s), maxTokens: 4 };

      const result = await engine.generate(userAsksWeather, options);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/ignore the 1 tool\(s\)/);
      // What the warning is about: the tools were silently lost, no call came back.
      expect(result.toolCalls).toEqual([]);
      expect(result.finishReason).not.toBe('tool_calls');

      const chunks = await collect(engine.stream(userAsksWeather, options));
      expect(warnings).toHaveLength(2);
      expect(
        chunks.some((chunk) => chunk.type === 'tool_call' || chunk.type === 'tool_call_delta'),
      ).toBe(false);
      expect(chunks.at(-1)?.type).toBe('usage');
    });
  },
);
