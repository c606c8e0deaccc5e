import type { OpenAICompatibleEngineOptions } from '@openjarvis/engine-openai-compatible';

/** Options of `VLLMEngine`. */
export interface VLLMEngineOptions extends Omit<OpenAICompatibleEngineOptions, 'engineId'> {
  /**
   * vLLM's root URL (`vllm serve --host/--port`). A trailing `/v1` is removed.
   * @default env `VLLM_HOST`, else 'http://localhost:8000'
   */
  host?: string | undefined;
  /**
   * The key vLLM was started with (`--api-key` or its `VLLM_API_KEY`), sent as
   * a Bearer token.
   * @default env `VLLM_API_KEY`, else none
   */
  apiKey?: string | undefined;
}
