export * from '@openjarvis/stand-in';
export * from './bench/index.js';
export * from './fake-engines/index.js';
export type { GgufFile, GgufTensor, GgufValue } from './gguf/gguf-writer.js';
export { encodeGguf, writeGguf } from './gguf/gguf-writer.js';
export type { TinyBpeVocab, TinyVocabTokenIds } from './gguf/tiny-bpe-vocab.js';
export { buildTinyBpeVocab } from './gguf/tiny-bpe-vocab.js';
export type { TinyGguf, TinyGgufOptions } from './gguf/write-tiny-gguf.js';
export { writeTinyGguf } from './gguf/write-tiny-gguf.js';
export type { ChatTemplateName } from './llama-server/chat-templates.js';
export {
  CHAT_TEMPLATE_NAMES,
  chatTemplatePath,
  readChatTemplate,
} from './llama-server/chat-templates.js';
export type { ForcedToolCallRequestOptions } from './llama-server/forced-tool-call-request.js';
export { forcedToolCallRequest } from './llama-server/forced-tool-call-request.js';
export type { LlamaServerStartFailure } from './llama-server/llama-server-errors.js';
export {
  LlamaServerNotFoundError,
  LlamaServerStartError,
} from './llama-server/llama-server-errors.js';
export type { HealthProbe } from './llama-server/probe-health.js';
export { probeHealth } from './llama-server/probe-health.js';
export type {
  ResolvedLlamaServerBinary,
  ResolveLlamaServerBinaryOptions,
} from './llama-server/resolve-llama-server-binary.js';
export { resolveLlamaServerBinary } from './llama-server/resolve-llama-server-binary.js';
export type {
  LlamaServer,
  LlamaServerProcessInfo,
  StartLlamaServerOptions,
} from './llama-server/start-llama-server.js';
export { startLlamaServer } from './llama-server/start-llama-server.js';
export type { HealthTarget } from './llama-server/wait-for-health.js';
export * from './nats-server/index.js';
export * from './programs/index.js';
export { weatherTool } from './weather-tool.js';
