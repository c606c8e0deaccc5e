import { type EngineRegistry, type EngineTypeDefinition, engineRegistry } from '@openjarvis/core';
import { commonEngineOptionsSchema } from '@openjarvis/engine-kit';
import { z } from 'zod';
import { OllamaEngine } from './ollama-engine.js';

/** A config's options for `ollama`: the common ones and those of `OllamaEngineOptions` a file can hold. */
const optionsSchema = commonEngineOptionsSchema.extend({
  numCtx: z.number().optional(),
  think: z.boolean().optional(),
  keepAlive: z.union([z.string(), z.number()]).optional(),
});

const ollamaEngineType: EngineTypeDefinition<z.output<typeof optionsSchema>> = {
  optionsSchema,
  create: (options) => new OllamaEngine(options),
};

/**
 * Registers the `ollama` engine type (options: `host`, `apiKey`, `numCtx`,
 * `think`, `keepAlive`, timeouts). Calling it again for the same registry
 * does nothing; it throws `RegistryError` if the name is taken by a different
 * definition. Importing the package registers nothing.
 */
export function registerOllamaEngine(registry: EngineRegistry = engineRegistry): EngineRegistry {
  return registry.register('ollama', ollamaEngineType);
}
