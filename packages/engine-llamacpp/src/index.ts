export { LlamaCppEngine, llamaCppDefaultHost } from './llamacpp-engine.js';
export type { LlamaCppEngineOptions, ToolsUnsupportedPolicy } from './llamacpp-options.js';
export { registerLlamaCppEngine } from './register.js';
export { type LlamaCppProps, readLlamaCppProps } from './template-caps.js';
