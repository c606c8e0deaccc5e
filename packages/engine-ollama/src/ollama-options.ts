import type { EngineEnv, EngineHttpOptions } from '@openjarvis/engine-kit';

/** Options of `OllamaEngine`. */
export interface OllamaEngineOptions extends EngineHttpOptions {
  /**
   * Ollama's root URL. A value with a scheme is used as a URL; one without is
   * read like `OLLAMA_HOST` (a bind address: see `normalizeOllamaHost`). A
   * trailing `/v1` is removed.
   * @default env `OLLAMA_HOST` (normalised), else 'http://localhost:11434'
   */
  host?: string | undefined;
  /**
   * Ollama has no API key of its own; this is for a proxy in front of it,
   * sent as a Bearer token. `OLLAMA_API_KEY` is deliberately not read: it is
   * Ollama's key for its cloud service.
   * @default undefined
   */
  apiKey?: string | undefined;
  /**
   * `options.num_ctx`, the context window, sent with every chat. Ollama
   * silently truncates prompts longer than the window, and reloads the model
   * when the value changes between requests.
   * @default undefined (the model's or server's default)
   */
  numCtx?: number | undefined;
  /**
   * Ollama's `think` flag. Off by default because thinking models otherwise
   * spend the token budget thinking and hold back visible output.
   * @default false
   */
  think?: boolean | undefined;
  /**
   * `keep_alive`: how long the model stays loaded after a request (`'5m'`,
   * seconds, or `-1` for ever).
   * @default undefined (the server's default, 5 minutes)
   */
  keepAlive?: string | number | undefined;
  /**
   * Extra headers sent with every request.
   * @default {}
   */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Where `OLLAMA_HOST` is read from.
   * @default process.env
   */
  env?: EngineEnv | undefined;
  /**
   * Receives warnings (a `toolChoice` the native API cannot enforce).
   * @default message => process.emitWarning(message, 'OpenJarvisWarning')
   */
  onWarning?: ((message: string) => void) | undefined;
}
