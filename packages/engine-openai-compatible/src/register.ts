import { type EngineRegistry, type EngineTypeDefinition, engineRegistry } from '@openjarvis/core';
import { commonEngineOptionsSchema } from '@openjarvis/engine-kit';
import { z } from 'zod';
import { OpenAICompatibleEngine } from './openai-compatible-engine.js';

/** A config's options for `openai-compatible`: the common ones and `engineId`. */
const optionsSchema = commonEngineOptionsSchema.extend({ engineId: z.string().optional() });

const openAICompatibleEngineType: EngineTypeDefinition<z.output<typeof optionsSchema>> = {
  optionsSchema,
  create: (options) => new OpenAICompatibleEngine(options),
};

/**
 * Registers the `openai-compatible` engine type (options: `host` (required),
 * `apiKey`, `engineId`, timeouts). Calling it again for the same registry does
 * nothing; it throws `RegistryError` if the name is taken by a different
 * definition. Importing the package registers nothing.
 */
export function registerOpenAICompatibleEngine(
  registry: EngineRegistry = engineRegistry,
): EngineRegistry {
  return registry.register('openai-compatible', openAICompatibleEngineType);
}
