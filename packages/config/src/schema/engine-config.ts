import { z } from 'zod';

/** The name of an environment variable. */
export const envVarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name, e.g. VLLM_API_KEY');

/**
 * One engine: its type names an `EngineRegistry` entry (`ollama`, `vllm`,
 * `llamacpp`, `openai-compatible`, or one a package registered).
 */
export const engineConfigSchema = z.strictObject({
  type: z.string().min(1),
  /** The engine's root URL, e.g. `http://127.0.0.1:11434`. The engine type's default when absent. */
  host: z.string().min(1).optional(),
  /** Prefer `apiKeyEnv`: a key written here ends up in version control. */
  apiKey: z.string().optional(),
  /** Read the API key from this environment variable when the engine is created. */
  apiKeyEnv: envVarName.optional(),
  /** Options of the engine type (timeouts, Ollama's `numCtx`, …), handed to its factory. */
  options: z.record(z.string(), z.unknown()).optional(),
});

export type EngineConfig = z.infer<typeof engineConfigSchema>;
