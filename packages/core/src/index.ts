export type {
  AgentContext,
  AgentResult,
  RunMetadata,
  RunOptions,
  ToolResult,
  WorkflowTag,
} from './agents/agent-result.js';
export {
  type AgentEventIdentity,
  BaseAgent,
  type BaseAgentOptions,
  type RunScope,
  type TurnEndFields,
} from './agents/base-agent.js';
export { errorKindOf } from './agents/error-kind.js';
export type { AgentErrorKind, AgentErrorKinds, Failure } from './agents/failure.js';
export { raceAbort } from './agents/race-abort.js';
export { createRunId } from './agents/run-id.js';
export {
  SimpleAgent,
  type SimpleAgentOptions,
  type SimpleRunMetadata,
} from './agents/simple-agent.js';
export {
  type SimpleAgentConfigOptions,
  simpleOptionsSchema,
} from './agents/simple-options-schema.js';
export type { FileChange, FileChangeStatus, WorkspaceDiff } from './diff/workspace-diff.js';
export { deriveOpenAIBaseUrl } from './engines/derive-openai-base-url.js';
export type {
  EngineHealthState,
  EngineStatus,
  FinishReason,
  GenerateOptions,
  GenerateResult,
  InferenceEngine,
  ModelInfo,
  StreamChunk,
  ToolSupport,
} from './engines/inference-engine.js';
export {
  generateWithEvents,
  type InferenceEventSink,
  type InferenceTags,
  streamWithEvents,
} from './engines/instrumentation.js';
export { InstrumentedEngine } from './engines/instrumented-engine.js';
export type {
  ChatMessage,
  ChatRole,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from './engines/messages.js';
export type { Usage } from './engines/usage.js';
export { EngineInputError, EngineResponseError, FramingError } from './errors/adapter-errors.js';
export {
  ContextLengthExceededError,
  EngineHttpError,
  type EngineHttpErrorOptions,
  EngineLoadingError,
  EngineStreamError,
  EngineUnauthorizedError,
  EngineUnreachableError,
  ModelNotFoundError,
  ToolsUnsupportedError,
} from './errors/engine-errors.js';
export { formatFieldPath } from './errors/field-path.js';
export { hasMarker, JarvisError } from './errors/jarvis-error.js';
export { kindOfValue } from './errors/kind-of-value.js';
export { PipelineDefinitionError } from './errors/pipeline-errors.js';
export { redactSecrets } from './errors/redact-secrets.js';
export {
  AbortedError,
  InvalidOptionsError,
  RegistryError,
  TimeoutError,
} from './errors/run-errors.js';
export { getEventBus, resetEventBus } from './events/default-bus.js';
export { EventBus, type EventBusOptions, type PublishArgs } from './events/event-bus.js';
export { coalescedClock, type EventClock, exactClock } from './events/event-clock.js';
export type * from './events/event-payloads.js';
export { EventType } from './events/event-type.js';
export type {
  AgentEvent,
  AgentEventName,
  AnyJarvisEvent,
  EventListener,
  EventName,
  EventOf,
  JarvisEvent,
} from './events/jarvis-event.js';
export { ofType } from './events/of-type.js';
export { parallel } from './pipelines/parallel.js';
export { Pipeline, type PipelineOptions, type PipelineRunOptions } from './pipelines/pipeline.js';
export type {
  ParallelNode,
  PipelineNode,
  PipelineStep,
  SequenceNode,
  StepInputContext,
} from './pipelines/pipeline-node.js';
export type { PipelineResult, StepOutcome, StepStatus } from './pipelines/pipeline-result.js';
export type { StepErrorPolicy } from './pipelines/pipeline-run.js';
export { sequence } from './pipelines/sequence.js';
export { type StepOptions, step } from './pipelines/step.js';
export { answersSignalZero, isAlive } from './process/is-alive.js';
export {
  type AgentFactoryContext,
  AgentRegistry,
  type AgentTypeDefinition,
  agentRegistry,
} from './registry/agent-registry.js';
export {
  EngineRegistry,
  type EngineTypeDefinition,
  engineRegistry,
} from './registry/engine-registry.js';
export type {
  OptionsIssue,
  OptionsParseResult,
  OptionsSchema,
} from './registry/options-schema.js';
export { registerSimpleAgent } from './registry/register-simple-agent.js';
export { Registry, type TypeDefinition } from './registry/registry.js';
export {
  MIN_SECRET_LENGTH,
  REDACTED,
  SecretRedactor,
  type TextStreamRedactor,
} from './secrets/secret-redactor.js';
