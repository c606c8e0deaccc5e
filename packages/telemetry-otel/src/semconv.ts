/**
 * Attribute names and values of the OpenTelemetry GenAI semantic conventions
 * (v1.41.0, Development stability), spelled out here so that the package
 * depends on `@opentelemetry/api` alone.
 */
export const GenAi = {
  OPERATION_NAME: 'gen_ai.operation.name',
  PROVIDER_NAME: 'gen_ai.provider.name',
  AGENT_NAME: 'gen_ai.agent.name',
  CONVERSATION_ID: 'gen_ai.conversation.id',
  WORKFLOW_NAME: 'gen_ai.workflow.name',
  REQUEST_MODEL: 'gen_ai.request.model',
  REQUEST_STREAM: 'gen_ai.request.stream',
  RESPONSE_FINISH_REASONS: 'gen_ai.response.finish_reasons',
  RESPONSE_TIME_TO_FIRST_CHUNK: 'gen_ai.response.time_to_first_chunk',
  USAGE_INPUT_TOKENS: 'gen_ai.usage.input_tokens',
  USAGE_OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
  USAGE_CACHE_READ_INPUT_TOKENS: 'gen_ai.usage.cache_read.input_tokens',
  USAGE_CACHE_CREATION_INPUT_TOKENS: 'gen_ai.usage.cache_creation.input_tokens',
  USAGE_REASONING_OUTPUT_TOKENS: 'gen_ai.usage.reasoning.output_tokens',
  TOOL_NAME: 'gen_ai.tool.name',
  TOOL_CALL_ID: 'gen_ai.tool.call.id',
  TOOL_TYPE: 'gen_ai.tool.type',
  TOOL_CALL_ARGUMENTS: 'gen_ai.tool.call.arguments',
  TOOL_CALL_RESULT: 'gen_ai.tool.call.result',
  INPUT_MESSAGES: 'gen_ai.input.messages',
  OUTPUT_MESSAGES: 'gen_ai.output.messages',
  TOKEN_TYPE: 'gen_ai.token.type',
} as const;

export const GenAiOperation = {
  CHAT: 'chat',
  EXECUTE_TOOL: 'execute_tool',
  INVOKE_AGENT: 'invoke_agent',
  INVOKE_WORKFLOW: 'invoke_workflow',
} as const;

export type GenAiOperationName = (typeof GenAiOperation)[keyof typeof GenAiOperation];

export const GenAiMetric = {
  TOKEN_USAGE: 'gen_ai.client.token.usage',
  OPERATION_DURATION: 'gen_ai.client.operation.duration',
} as const;

export const ServerAttr = {
  ADDRESS: 'server.address',
  PORT: 'server.port',
} as const;

export const ERROR_TYPE = 'error.type';

/** The `error.type` value the semantic conventions reserve for errors with no better name. */
export const ERROR_TYPE_OTHER = '_OTHER';

/** Attributes for facts of this runtime that the conventions have no name for. */
export const JarvisAttr = {
  RUN_ID: 'openjarvis.run.id',
  WORKFLOW_ID: 'openjarvis.workflow.id',
  WORKFLOW_STEP: 'openjarvis.workflow.step',
  WORKFLOW_FAILED_STEP: 'openjarvis.workflow.failed_step',
  TURNS: 'openjarvis.agent.turns',
  INFERENCE_ID: 'openjarvis.inference.id',
  /** True on spans made from an end event whose start was never seen. */
  SYNTHESIZED: 'openjarvis.span.synthesized',
  PERMISSION: 'openjarvis.permission.name',
  PERMISSION_REQUEST_ID: 'openjarvis.permission.request_id',
  PERMISSION_REPLY: 'openjarvis.permission.reply',
  PERMISSION_REPLIED_BY: 'openjarvis.permission.replied_by',
  STATUS: 'openjarvis.agent.status',
  STATUS_ATTEMPT: 'openjarvis.agent.status.attempt',
  STATUS_MESSAGE: 'openjarvis.agent.status.message',
  ERROR_KIND: 'openjarvis.error.kind',
  ERROR_MESSAGE: 'openjarvis.error.message',
  /** The run's workspace diff totals (`workspace_diff`). */
  DIFF_FILES: 'openjarvis.diff.files',
  DIFF_ADDITIONS: 'openjarvis.diff.additions',
  DIFF_DELETIONS: 'openjarvis.diff.deletions',
  DIFF_TRUNCATED: 'openjarvis.diff.truncated',
  DIFF_SHARED: 'openjarvis.diff.shared',
} as const;

/** `error.type` values this package sets itself. */
export const ErrorTypes = {
  /** The span was still open when the instrumentation was disposed or ran out of room. */
  INTERRUPTED: 'interrupted',
  /** A tool call that reported `success: false`. */
  TOOL_ERROR: 'tool_error',
  /** A pipeline that ended because one of its steps failed. */
  STEP_FAILED: 'step_failed',
} as const;
