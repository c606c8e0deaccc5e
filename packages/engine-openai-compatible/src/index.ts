export { OpenAICompatibleEngine } from './openai-compatible-engine.js';
export type { OpenAICompatibleEngineOptions } from './openai-compatible-options.js';
export { registerOpenAICompatibleEngine } from './register.js';
