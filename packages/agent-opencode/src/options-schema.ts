import { z } from 'zod';
import type { OpenCodeAgentOptions } from './options.js';

const action = z.enum(['allow', 'ask', 'deny']);
const reply = z.enum(['once', 'always', 'reject']);
const positiveMs = z.int().positive();
const permission = z.union([
  action,
  z.record(z.string(), z.union([action, z.record(z.string(), action)])),
]);
const customAgent = z.strictObject({
  description: z.string().optional(),
  prompt: z.string().optional(),
  mode: z.enum(['primary', 'subagent', 'all']).optional(),
  temperature: z.number().min(0).max(2).optional(),
  permission: permission.optional(),
  tools: z.record(z.string(), z.boolean()).optional(),
});
const diff = z.union([
  z.literal(false),
  z.strictObject({
    maxFilePatchBytes: z.int().positive().optional(),
    maxPatchBytes: z.int().positive().optional(),
    maxFiles: z.int().positive().optional(),
    maxTextFileBytes: z.int().positive().optional(),
    timeoutMs: positiveMs.optional(),
    gitPath: z.string().min(1).optional(),
  }),
]);

/**
 * The `options` of an `opencode` agent in a config: the parts of
 * `OpenCodeAgentOptions` a file can hold (no callbacks, no bus). Defaults are
 * those of `OpenCodeAgentOptions`.
 */
export const openCodeOptionsSchema = z.strictObject({
  workspace: z.string().min(1).optional(),
  agent: z.enum(['build', 'plan']).optional(),
  providerId: z.string().min(1).optional(),
  providerBaseUrl: z.url().optional(),
  modelId: z.string().min(1).optional(),
  apiKey: z.string().optional(),
  permission: permission.optional(),
  permissionPolicy: z.record(z.string(), reply).optional(),
  permissionTimeoutMs: positiveMs.optional(),
  hostname: z.string().min(1).optional(),
  port: z.int().min(0).max(65_535).optional(),
  serverPassword: z.string().optional(),
  timeoutMs: positiveMs.optional(),
  startupTimeoutMs: positiveMs.optional(),
  maxEngineRetries: z.int().min(0).optional(),
  opencodeBin: z.string().min(1).optional(),
  ripgrepPath: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  ignoreProjectConfig: z.boolean().optional(),
  env: z.record(z.string(), z.string()).optional(),
  systemPrompt: z.string().optional(),
  contextLength: z.int().positive().optional(),
  minContextTokens: z.int().min(0).optional(),
  requireToolSupport: z.boolean().optional(),
  recycle: z
    .union([
      z.literal(false),
      z.strictObject({
        afterRuns: z.int().positive().optional(),
        aboveRssMiB: z.number().positive().optional(),
      }),
    ])
    .optional(),
  keepSessions: z.boolean().optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.int().positive().optional(),
  models: z.array(z.string().min(1)).optional(),
  agents: z.record(z.string(), customAgent).optional(),
  diff: diff.optional(),
});

/**
 * The options a config may give an `opencode` agent, as the schema returns
 * them (zod marks absent fields `| undefined`, which `exactOptionalPropertyTypes`
 * reads as different from absent; hence `Defined`).
 */
export type OpenCodeConfigOptions = Defined<z.output<typeof openCodeOptionsSchema>>;

// Fails to compile when the schema drifts from the agent's real options.
type Assignable<T, U> = [T] extends [U] ? true : never;
type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };
const schemaMatchesOptions: Assignable<OpenCodeConfigOptions, OpenCodeAgentOptions> = true;
void schemaMatchesOptions;
