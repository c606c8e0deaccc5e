import { type EngineRegistry, engineRegistry } from '@openjarvis/core';
import { FactoryOptionsReader, readCommonFactoryOptions } from '@openjarvis/engine-kit';
import { VLLMEngine } from './vllm-engine.js';

/**
 * Registers `vllm` (options: `host`, `apiKey`, timeouts). Loading this package
 * does it for the process-wide registry; a second load is a no-op.
 */
export function registerVLLMEngine(registry: EngineRegistry = engineRegistry): void {
  if (registry.has('vllm')) return;
  registry.register('vllm', (raw) => {
    const reader = new FactoryOptionsReader('vllm', raw);
    return new VLLMEngine(readCommonFactoryOptions(reader));
  });
}

registerVLLMEngine();
