export { OllamaEngine } from './ollama-engine.js';
export type { OllamaEngineOptions } from './ollama-options.js';
export { registerOllamaEngine } from './register.js';
