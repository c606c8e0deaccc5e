export { normalizeFinishReason } from './chat/finish-reason.js';
export { validateChatRequest } from './chat/validate-request.js';
export { readApiKey } from './config/api-key.js';
export {
  type CommonEngineConfigOptions,
  commonEngineOptionsSchema,
} from './config/common-options-schema.js';
export {
  defaultHttpOptions,
  type EngineHttpOptions,
  type ResolvedHttpOptions,
  resolveHttpOptions,
} from './config/http-options.js';
export { canonicalHost, normalizeHost, parseHttpUrl } from './config/normalize-host.js';
export { type EngineEnv, resolveSetting } from './config/resolve-setting.js';
export { classifyHttpError, type HttpErrorDetails } from './errors/classify-http-error.js';
export { type ContextOverflow, detectContextOverflow } from './errors/context-overflow.js';
export { type ErrorBody, isRecord, parseErrorBody, readErrorValue } from './errors/error-body.js';
export { describeAnswer, type ProbeOutcome, probe, statusOf } from './health/probe.js';
export {
  EngineHttpClient,
  type EngineHttpClientOptions,
  type EngineRequest,
} from './http/engine-http-client.js';
export { EngineResponse } from './http/engine-response.js';
export type { RequestContext } from './http/request-context.js';
export type { RequestScope, ScopeEnd } from './http/request-scope.js';
export { type ChatRequest, sendChat } from './http/send-chat.js';
export type { FailureTimeouts } from './http/transport-failure.js';
export {
  findModel,
  type OpenAIModelEntry,
  parseOpenAIModelList,
  toModelInfo,
} from './models/parse-openai-model-list.js';
export { type NdjsonReadOptions, splitNdjsonLines } from './streaming/ndjson-lines.js';
export {
  readSseEventBatches,
  readSseEvents,
  type SseEvent,
  type SseReadOptions,
} from './streaming/sse-events.js';
export { stopOnAbort } from './streaming/stop-on-abort.js';
export { type ParsedArguments, parseToolArguments } from './tools/parse-tool-arguments.js';
export {
  ToolCallAccumulator,
  type ToolCallDeltaChunk,
  type ToolCallFragment,
} from './tools/tool-call-accumulator.js';
