import { ConfigError } from './config-error.js';
import { formatFieldPath } from './field-path.js';
import { describeIssues } from './schema/describe-issues.js';
import { type JarvisConfig, jarvisConfigSchema } from './schema/jarvis-config.js';

/**
 * Checks a config object (parsed JSON or YAML, or built in code) and fills in
 * defaults. Throws `ConfigError` naming every bad field.
 */
export function parseConfig(value: unknown, options: { source?: string } = {}): JarvisConfig {
  const parsed = jarvisConfigSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ConfigError({
    issues: describeIssues(parsed.error.issues).map((issue) => ({
      path: formatFieldPath(issue.path),
      message: issue.message,
    })),
    ...(options.source === undefined ? {} : { source: options.source }),
  });
}
