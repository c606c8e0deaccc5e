export { registerVLLMEngine } from './register.js';
export { VLLMEngine } from './vllm-engine.js';
export type { VLLMEngineOptions } from './vllm-options.js';
