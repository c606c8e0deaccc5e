import { z } from 'zod';

/**
 * The options every adapter's engine type accepts in a config: `host`,
 * `apiKey` and the timeouts of `EngineHttpOptions` (defaults there). Only
 * their types are checked here; the engine's constructor checks the values
 * (a URL it can use, a timeout in range) and says which field is wrong.
 * Adapters `extend` it with their own options.
 */
export const commonEngineOptionsSchema = z.strictObject({
  host: z.string().optional(),
  apiKey: z.string().optional(),
  probeTimeoutMs: z.number().optional(),
  requestTimeoutMs: z.number().optional(),
  streamIdleTimeoutMs: z.number().optional(),
});

/** The common options as the schema returns them. */
export type CommonEngineConfigOptions = z.output<typeof commonEngineOptionsSchema>;
