import { type EngineRegistry, type EngineTypeDefinition, engineRegistry } from '@openjarvis/core';
import { type CommonEngineConfigOptions, commonEngineOptionsSchema } from '@openjarvis/engine-kit';
import { VLLMEngine } from './vllm-engine.js';

const vllmEngineType: EngineTypeDefinition<CommonEngineConfigOptions> = {
  optionsSchema: commonEngineOptionsSchema,
  create: (options) => new VLLMEngine(options),
};

/**
 * Registers the `vllm` engine type (options: `host`, `apiKey`, timeouts).
 * Calling it again for the same registry does nothing; it throws
 * `RegistryError` if the name is taken by a different definition. Importing
 * the package registers nothing.
 */
export function registerVLLMEngine(registry: EngineRegistry = engineRegistry): EngineRegistry {
  return registry.register('vllm', vllmEngineType);
}
