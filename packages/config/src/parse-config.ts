import { agentRegistry, engineRegistry, formatFieldPath } from '@openjarvis/core';
import { ConfigError } from './config-error.js';
import { describeIssues } from './schema/describe-issues.js';
import {
  type ConfigRegistries,
  type JarvisConfig,
  jarvisConfigSchemaFor,
} from './schema/jarvis-config.js';

export interface ParseConfigOptions extends ConfigRegistries {
  /** The file the config came from, named in errors. */
  source?: string;
}

/**
 * Checks a config object (parsed JSON or YAML, or built in code) and fills in
 * defaults. The options of each entry whose type is registered are checked by
 * that type's schema (registries default to core's process-wide ones; register
 * the types first). Throws `ConfigError` naming every bad field.
 */
export function parseConfig(value: unknown, options: ParseConfigOptions = {}): JarvisConfig {
  const schema = jarvisConfigSchemaFor({
    agentRegistry: options.agentRegistry ?? agentRegistry,
    engineRegistry: options.engineRegistry ?? engineRegistry,
  });
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ConfigError({
    issues: describeIssues(parsed.error.issues).map((issue) => ({
      path: formatFieldPath(issue.path),
      message: issue.message,
    })),
    ...(options.source === undefined ? {} : { source: options.source }),
  });
}
