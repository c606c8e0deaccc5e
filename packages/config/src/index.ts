export { checkConfigTypes, type TypedEntries } from './check-config-types.js';
export { ConfigError, type ConfigIssue } from './config-error.js';
export {
  type CreateFromConfigOptions,
  createFromConfig,
  type JarvisInstances,
} from './create-from-config.js';
export { formatFieldPath } from './field-path.js';
export { loadConfig } from './load-config.js';
export { parseConfig } from './parse-config.js';
export { type ConfigFormat, formatOf, readConfigText } from './read-config-text.js';
export { registerBuiltInTypes } from './register-built-in-types.js';
export { type AgentConfig, agentConfigSchema } from './schema/agent-config.js';
export { type EngineConfig, engineConfigSchema } from './schema/engine-config.js';
export {
  type JarvisConfig,
  type JarvisConfigInput,
  jarvisConfigSchema,
} from './schema/jarvis-config.js';
export { opencodeOptionsSchema } from './schema/opencode-options-schema.js';
export { simpleOptionsSchema } from './schema/simple-options-schema.js';
