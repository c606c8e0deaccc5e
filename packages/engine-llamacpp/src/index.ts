export { LlamaCppEngine } from './llamacpp-engine.js';
export type { LlamaCppEngineOptions, ToolsUnsupportedPolicy } from './llamacpp-options.js';
export { registerLlamaCppEngine } from './register.js';
