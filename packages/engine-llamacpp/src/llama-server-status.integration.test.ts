import {
  EngineLoadingError,
  EngineUnauthorizedError,
  EngineUnreachableError,
} from '@openjarvis/core';
import { refusedUrl, rejection } from '@openjarvis/testing/fake-engines';
import { type LlamaServer, startLlamaServer } from '@openjarvis/testing/llama-server';
import { afterAll, describe, expect, it } from 'vitest';
import { LlamaCppEngine } from './llamacpp-engine.js';
import {
  closeAfterAll,
  REAL_SERVER_BOUND,
  sharedLlamaServer,
  userAsksWeather,
  withoutEndOfText,
} from './test-support/real-llama-server.js';

// Health and status of LlamaCppEngine against real llama-server processes.

const track = closeAfterAll();

function engineFor(server: { baseUrl: string }, apiKey?: string): LlamaCppEngine {
  return track(new LlamaCppEngine({ host: server.baseUrl, env: {}, apiKey }));
}

describe(
  'LlamaCppEngine status against a real llama-server started with --api-key',
  REAL_SERVER_BOUND,
  () => {
    const server = sharedLlamaServer({ apiKey: 'integration-sekret' });

    it('is ok with the right key, listing the alias', async () => {
      const s = await server();
      const engine = engineFor(s, 'integration-sekret');
      const status = await engine.status();
      expect(status).toMatchObject({ state: 'ok', models: ['tiny'] });
      expect(await engine.health()).toBe(true);
      const reply = await engine.generate(userAsksWeather, {
        model: 'tiny',
        maxTokens: 2,
        extraBody: withoutEndOfText(s),
      });
      expect(reply.finishReason).toBe('length');
    });

    it('answers toolSupport() with yes for the tool-aware template, with the key', async () => {
      const s = await server();
      expect(await engineFor(s, 'integration-sekret').toolSupport('tiny')).toBe('yes');
      // /props needs the key too: without it the engine cannot tell.
      expect(await engineFor(s).toolSupport('tiny')).toBe('unknown');
    });

    it('is unauthorized, not unreachable, without a key: /health is public, /v1/models is not', async () => {
      const s = await server();
      // The premise: the server answers /health without a key and refuses /v1/models.
      expect((await fetch(`${s.baseUrl}/health`)).status).toBe(200);
      expect((await fetch(`${s.openAIBaseUrl}/models`)).status).toBe(401);

      const engine = engineFor(s);
      const status = await engine.status();
      expect(status.state).toBe('unauthorized');
      expect(status.detail).toMatch(/LLAMACPP_API_KEY/);
      expect(await engine.health()).toBe(false);
    });

    it('is unauthorized with a wrong key, and chat and model listing fail with EngineUnauthorizedError', async () => {
      const s = await server();
      const engine = engineFor(s, 'not-the-key');
      const status = await engine.status();
      expect(status.state).toBe('unauthorized');
      expect(status.detail).toMatch(/rejected the configured API key/);

      const chat = await rejection(
        engine.generate(userAsksWeather, { model: 'tiny', maxTokens: 2 }),
      );
      expect(EngineUnauthorizedError.isInstance(chat)).toBe(true);
      expect(chat).toMatchObject({ status: 401 });
      const models = await rejection(engine.listModels());
      expect(EngineUnauthorizedError.isInstance(models)).toBe(true);
    });
  },
);

describe('LlamaCppEngine status against a closed port (no llama-server)', REAL_SERVER_BOUND, () => {
  it('is unreachable, and chat fails with EngineUnreachableError', async () => {
    const engine = engineFor({ baseUrl: await refusedUrl() });
    const status = await engine.status();
    expect(status.state).toBe('unreachable');
    expect(await engine.health()).toBe(false);
    const chat = await rejection(engine.generate(userAsksWeather, { model: 'tiny', maxTokens: 2 }));
    expect(EngineUnreachableError.isInstance(chat)).toBe(true);
  });
});

describe(
  'LlamaCppEngine status against a real llama-server that is still loading its model',
  REAL_SERVER_BOUND,
  () => {
    // Its own server: a model padded with a million inert merges loads for a second or two,
    // and the launcher returns as soon as the server answers (503 while loading).
    let loading: LlamaServer | undefined;
    afterAll(async () => {
      await loading?.close();
    }, 30_000);

    it('is loading (503 unavailable_error) until the model is in, then ok', async () => {
      loading = await startLlamaServer({
        model: { paddingMerges: 1_000_000 },
        waitFor: 'listening',
      });
      // Precondition: the launcher saw the 503 "loading" answer, so the window is open now.
      expect(loading.loadingObserved).toBe(true);
      const engine = engineFor(loading);

      const status = await engine.status();
      expect(status.state).toBe('loading');
      expect(status.detail).toMatch(/loading its model/);
      const chat = await rejection(
        engine.generate(userAsksWeather, { model: 'tiny', maxTokens: 2 }),
      );
      expect(EngineLoadingError.isInstance(chat)).toBe(true);
      expect(chat).toMatchObject({ status: 503 });
      expect(EngineLoadingError.isInstance(await rejection(engine.listModels()))).toBe(true);

      await loading.waitUntilReady();
      expect(await engine.status()).toMatchObject({ state: 'ok', models: ['tiny'] });
      expect(await engine.listModels()).toEqual([{ id: 'tiny', contextLength: 2048 }]);
    });
  },
);
