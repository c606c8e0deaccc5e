export { checkConfigTypes, type TypedEntries } from './check-config-types.js';
export { ConfigError, type ConfigIssue } from './config-error.js';
export {
  type CreateFromConfigOptions,
  createFromConfig,
  type JarvisInstances,
} from './create-from-config.js';
export { loadConfig } from './load-config.js';
export { type ParseConfigOptions, parseConfig } from './parse-config.js';
export { type ConfigFormat, formatOf, readConfigText } from './read-config-text.js';
export { type AgentConfig, agentConfigSchema } from './schema/agent-config.js';
export { type EngineConfig, engineConfigSchema } from './schema/engine-config.js';
export {
  type ConfigRegistries,
  type JarvisConfig,
  type JarvisConfigInput,
  jarvisConfigSchema,
  jarvisConfigSchemaFor,
} from './schema/jarvis-config.js';
