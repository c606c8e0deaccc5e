export {
  isOpenCodeAvailable,
  type ResolveOpenCodeBinaryOptions,
  resolveOpenCodeBinary,
} from './binary/resolve-opencode-binary.js';
export {
  type BuildOpenCodeConfigOptions,
  buildOpenCodeConfig,
  type CustomAgentConfig,
  type OpenCodeConfig,
  type OpenCodeModelConfig,
  type OpenCodeProviderConfig,
} from './config/build-opencode-config.js';
export {
  defaultPermission,
  type OpenCodeAgentName,
  type PermissionAction,
  type PermissionConfig,
} from './config/permission.js';
export { OpenCodeError } from './errors.js';
export { OpenCodeAgent } from './open-code-agent.js';
export type { OpenCodeAgentOptions } from './options.js';
export { openCodeOptionsSchema } from './options-schema.js';
export {
  checkEngineFit,
  type EngineFit,
  type EngineFitOptions,
  opencodeFirstRequestTokens,
} from './preflight/check-engine-fit.js';
export { contextWindowFix, toolSupportFix } from './preflight/engine-fixes.js';
export { extractText, extractToolResults } from './protocol/extract.js';
export type { Part, TextPart, ToolPart } from './protocol/parts.js';
export { registerOpenCodeAgent } from './register.js';
export { diffOf, formatDiffStat, formatPatch, sessionIdOf } from './result/result-accessors.js';
export type {
  PermissionCallback,
  PermissionPolicy,
  PermissionRequest,
} from './run/permission-handling.js';
export type { OpenCodeRunOptions } from './run/run-options.js';
export type { OpenCodeRunMetadata } from './run-metadata.js';
export {
  defaultRecyclePolicy,
  type RecyclePolicy,
  type ResolvedRecyclePolicy,
} from './server/recycle-policy.js';
export {
  OpenCodeSession,
  type SessionHost,
  type SessionRunOptions,
} from './sessions/open-code-session.js';
export type { WorkspaceDiffOptions } from './workspace/diff-options.js';
export {
  WorkspaceDiffError,
  type WorkspaceDiffErrorKind,
} from './workspace/workspace-diff-error.js';
