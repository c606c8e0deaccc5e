export type { TransportFault } from '@openjarvis/stand-in/transport';
export { weatherTool } from '../weather-tool.js';
export {
  type Closable,
  type EngineHarness,
  type EngineHarnessOptions,
  engineHarness,
} from './engine-harness.js';
export { FakeEngineServer } from './fake-engine-server.js';
export { type FakeHandler, FakeHttpServer, type RecordedRequest } from './fake-http-server.js';
export { type FakeReply, jsonReply, ndjsonReply, sseReply, textReply } from './fake-reply.js';
export {
  type FakeLlamaCppOptions,
  FakeLlamaCppServer,
  type LlamaCppChatRecording,
} from './llamacpp/fake-llamacpp-server.js';
export { loadRecording, type Recording } from './llamacpp/recordings.js';
export {
  type FakeOllamaModel,
  type FakeOllamaOptions,
  FakeOllamaServer,
  type OllamaStreamScript,
} from './ollama/fake-ollama-server.js';
export {
  badPortUrl,
  type ChatCalls,
  chatRejectionsWithin,
  collect,
  refusedUrl,
  rejection,
  rejectionWithin,
} from './test-helpers.js';
export {
  type FakeVLLMOptions,
  FakeVLLMServer,
  type VllmStreamScript,
} from './vllm/fake-vllm-server.js';
