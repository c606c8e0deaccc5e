import { EngineInputError, type EngineRegistry, engineRegistry } from '@openjarvis/core';
import { FactoryOptionsReader, readCommonFactoryOptions } from '@openjarvis/engine-kit';
import { LlamaCppEngine } from './llamacpp-engine.js';

/**
 * Registers `llamacpp` (options: `host`, `apiKey`, `toolsUnsupported`,
 * timeouts). Loading this package does it for the process-wide registry; a
 * second load is a no-op.
 */
export function registerLlamaCppEngine(registry: EngineRegistry = engineRegistry): void {
  if (registry.has('llamacpp')) return;
  registry.register('llamacpp', (raw) => {
    const reader = new FactoryOptionsReader('llamacpp', raw);
    const policy = reader.string('toolsUnsupported');
    if (policy !== undefined && policy !== 'error' && policy !== 'warn') {
      throw new EngineInputError({
        field: 'toolsUnsupported',
        message: `llamacpp engine option "toolsUnsupported" must be 'error' or 'warn'`,
      });
    }
    return new LlamaCppEngine({ ...readCommonFactoryOptions(reader), toolsUnsupported: policy });
  });
}

registerLlamaCppEngine();
