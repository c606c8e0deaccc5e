export { buildOllamaChatBody, type OllamaChatSettings } from './build-ollama-chat-body.js';
export { decodeOllamaChatStream } from './decode-ollama-chat-stream.js';
export { encodeOllamaMessages } from './encode-ollama-messages.js';
export {
  normalizeOllamaHost,
  ollamaDefaultHost,
  ollamaDefaultPort,
} from './normalize-ollama-host.js';
export { OllamaEngine } from './ollama-engine.js';
export type { OllamaEngineOptions } from './ollama-options.js';
export type {
  OllamaChatRequestBody,
  OllamaWireMessage,
  OllamaWireToolCall,
} from './ollama-wire.js';
export { type OllamaReplyContext, parseOllamaReply } from './parse-ollama-reply.js';
export { registerOllamaEngine } from './register.js';
