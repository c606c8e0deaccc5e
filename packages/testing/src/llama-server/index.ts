export { weatherTool } from '../weather-tool.js';
export {
  CHAT_TEMPLATE_NAMES,
  type ChatTemplateName,
  chatTemplatePath,
  readChatTemplate,
} from './chat-templates.js';
export {
  type ForcedToolCallRequestOptions,
  forcedToolCallRequest,
} from './forced-tool-call-request.js';
export {
  LlamaServerNotFoundError,
  LlamaServerStartError,
  type LlamaServerStartFailure,
} from './llama-server-errors.js';
export { type HealthProbe, probeHealth } from './probe-health.js';
export {
  type ResolvedLlamaServerBinary,
  type ResolveLlamaServerBinaryOptions,
  resolveLlamaServerBinary,
} from './resolve-llama-server-binary.js';
export {
  type LlamaServer,
  type LlamaServerProcessInfo,
  type StartLlamaServerOptions,
  startLlamaServer,
} from './start-llama-server.js';
export type { HealthTarget } from './wait-for-health.js';
