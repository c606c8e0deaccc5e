import { type EngineRegistry, type EngineTypeDefinition, engineRegistry } from '@openjarvis/core';
import { commonEngineOptionsSchema } from '@openjarvis/engine-kit';
import { z } from 'zod';
import { LlamaCppEngine } from './llamacpp-engine.js';

/** A config's options for `llamacpp`: the common ones and `toolsUnsupported`. */
const optionsSchema = commonEngineOptionsSchema.extend({
  toolsUnsupported: z.enum(['error', 'warn']).optional(),
});

const llamaCppEngineType: EngineTypeDefinition<z.output<typeof optionsSchema>> = {
  optionsSchema,
  create: (options) => new LlamaCppEngine(options),
};

/**
 * Registers the `llamacpp` engine type (options: `host`, `apiKey`,
 * `toolsUnsupported`, timeouts). Calling it again for the same registry does
 * nothing; it throws `RegistryError` if the name is taken by a different
 * definition. Importing the package registers nothing.
 */
export function registerLlamaCppEngine(registry: EngineRegistry = engineRegistry): EngineRegistry {
  return registry.register('llamacpp', llamaCppEngineType);
}
