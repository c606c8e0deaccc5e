import type { EngineEnv, EngineHttpOptions } from '@openjarvis/engine-kit';

/** Options of `OpenAICompatibleEngine`; the vLLM and llama.cpp adapters take the same. */
export interface OpenAICompatibleEngineOptions extends EngineHttpOptions {
  /**
   * The server's root URL. A trailing `/v1` is removed (requests add it), other
   * path prefixes are kept; `http://` is assumed when no scheme is given.
   * Required here; the engine-specific adapters have defaults.
   * @default none (required)
   */
  host?: string | undefined;
  /**
   * Sent as `Authorization: Bearer <key>` on every request. Never included in
   * error messages.
   * @default undefined (no key)
   */
  apiKey?: string | undefined;
  /**
   * The id errors, events and the registry use for this engine.
   * @default 'openai-compatible'
   */
  engineId?: string | undefined;
  /**
   * Extra headers sent with every request (a gateway's routing header, say).
   * @default {}
   */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Where `*_HOST` / `*_API_KEY` variables are read from, for adapters that
   * read them.
   * @default process.env
   */
  env?: EngineEnv | undefined;
}
