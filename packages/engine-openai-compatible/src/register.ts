import { type EngineRegistry, engineRegistry } from '@openjarvis/core';
import { FactoryOptionsReader, readCommonFactoryOptions } from '@openjarvis/engine-kit';
import { OpenAICompatibleEngine } from './openai-compatible-engine.js';

/**
 * Registers `openai-compatible` (options: `host` (required), `apiKey`,
 * `engineId`, timeouts). Loading this package does it for the process-wide
 * registry; a second load is a no-op.
 */
export function registerOpenAICompatibleEngine(registry: EngineRegistry = engineRegistry): void {
  if (registry.has('openai-compatible')) return;
  registry.register('openai-compatible', (raw) => {
    const reader = new FactoryOptionsReader('openai-compatible', raw);
    return new OpenAICompatibleEngine({
      ...readCommonFactoryOptions(reader),
      engineId: reader.string('engineId'),
    });
  });
}

registerOpenAICompatibleEngine();
