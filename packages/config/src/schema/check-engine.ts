import type { EngineRegistry } from '@openjarvis/core';
import { describeIssues, type FieldIssue } from './describe-issues.js';
import type { EngineConfig } from './engine-config.js';
import { reportInput } from './report-input.js';

/** Engine fields the file writes beside `options`; the factory receives them with the options. */
export const topLevelEngineFields: readonly string[] = ['host', 'apiKey'];

/** What an engine factory receives for an entry: its options, with `host` and the API key beside them. */
export function engineFactoryOptions(
  engine: EngineConfig,
  apiKey: string | undefined,
): Record<string, unknown> {
  return {
    ...engine.options,
    ...(engine.host === undefined ? {} : { host: engine.host }),
    ...(apiKey === undefined ? {} : { apiKey }),
  };
}

/**
 * An engine entry's options, with `host` and `apiKey`, checked by its type's
 * schema when the registry has the type (`checkConfigTypes` names the types it lacks).
 * The key `apiKeyEnv` names is read only when the engine is built, so it is not checked here.
 */
export function checkEngine(
  engine: EngineConfig,
  registry: EngineRegistry | undefined,
): FieldIssue[] {
  if (registry?.has(engine.type) !== true) return [];
  const issues = registry.checkOptions(
    engine.type,
    engineFactoryOptions(engine, engine.apiKey),
    reportInput,
  );
  return describeIssues(issues).map(({ path, message }) => ({
    path: topLevelEngineFields.includes(String(path[0])) ? path : ['options', ...path],
    message,
  }));
}
