import type { OpenAICompatibleEngineOptions } from '@openjarvis/engine-openai-compatible';

/** What to do with a request that carries tools when the server's chat template cannot use them. */
export type ToolsUnsupportedPolicy = 'error' | 'warn';

/** Options of `LlamaCppEngine`. */
export interface LlamaCppEngineOptions extends Omit<OpenAICompatibleEngineOptions, 'engineId'> {
  /**
   * llama-server's root URL (`--host/--port`). A trailing `/v1` is removed.
   * @default env `LLAMACPP_HOST`, else 'http://localhost:8080'
   */
  host?: string | undefined;
  /**
   * The server's `--api-key`, sent as a Bearer token.
   * @default env `LLAMACPP_API_KEY`, else none
   */
  apiKey?: string | undefined;
  /**
   * llama-server drops `tools` silently when its chat template has no tool
   * support (no `--jinja`, or a template without tools); `/props` says so in
   * `chat_template_caps`. With `'error'` such a request fails with
   * `ToolsUnsupportedError` before it is sent; with `'warn'` it is sent and
   * `onWarning` is told that the tools will be ignored.
   * @default 'error'
   */
  toolsUnsupported?: ToolsUnsupportedPolicy | undefined;
  /**
   * Receives warnings (tools the server will ignore).
   * @default message => process.emitWarning(message, 'OpenJarvisWarning')
   */
  onWarning?: ((message: string) => void) | undefined;
}
