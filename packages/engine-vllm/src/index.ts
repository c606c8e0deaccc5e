export { registerVLLMEngine } from './register.js';
export { VLLMEngine, vllmDefaultHost } from './vllm-engine.js';
export type { VLLMEngineOptions } from './vllm-options.js';
