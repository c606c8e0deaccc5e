/**
 * What to do, per engine, when the model's window is too small for opencode.
 * Ollama's `/v1` (where opencode talks) carries no `num_ctx`, so neither the
 * engine's `numCtx` option nor a request option reaches it: the window must be
 * set on the server or baked into the model.
 */
export function contextWindowFix(engineId: string | undefined, needed: number): string {
  const size = roundUpToPowerOfTwo(needed * 2);
  switch (engineId) {
    case 'ollama':
      return `Ollama ignores num_ctx on its OpenAI-compatible /v1, where opencode talks (the engine's numCtx option does not reach it): restart the server with OLLAMA_CONTEXT_LENGTH=${size} ollama serve, or create a variant of the model whose Modelfile says "PARAMETER num_ctx ${size}" (ollama create <name> -f Modelfile) and run that`;
    case 'llamacpp':
      return `restart llama-server with a larger context, e.g. -c ${size}`;
    case 'vllm':
      return `restart vLLM with a larger --max-model-len, e.g. --max-model-len ${size}`;
    default:
      return `serve the model with a context window of ${size} tokens or more (Ollama: OLLAMA_CONTEXT_LENGTH=${size} for "ollama serve", or a Modelfile with "PARAMETER num_ctx ${size}", since num_ctx cannot be set through /v1; llama.cpp: llama-server -c ${size}; vLLM: --max-model-len ${size})`;
  }
}

/** What to do, per engine, when the model cannot call tools (opencode works only through tools). */
export function toolSupportFix(engineId: string | undefined): string {
  switch (engineId) {
    case 'ollama':
      return 'choose an Ollama model whose template supports tools ("ollama show <model>" lists "tools" under Capabilities), such as qwen3 or llama3.1';
    case 'llamacpp':
      return 'start llama-server with --jinja and a model (or --chat-template-file) whose chat template supports tools; GET /props shows chat_template_caps.supports_tools';
    case 'vllm':
      return 'restart vLLM with --enable-auto-tool-choice --tool-call-parser <parser> (hermes for Qwen, llama3_json for Llama 3)';
    default:
      return 'use an engine and model that support OpenAI-style tool calling';
  }
}

function roundUpToPowerOfTwo(value: number): number {
  let size = 1024;
  while (size < value) size *= 2;
  return size;
}
