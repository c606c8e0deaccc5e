import { type EngineRegistry, engineRegistry } from '@openjarvis/core';
import { FactoryOptionsReader, readCommonFactoryOptions } from '@openjarvis/engine-kit';
import { OllamaEngine } from './ollama-engine.js';

/**
 * Registers `ollama` (options: `host`, `apiKey`, `numCtx`, `think`,
 * `keepAlive`, timeouts). Loading this package does it for the process-wide
 * registry; a second load is a no-op.
 */
export function registerOllamaEngine(registry: EngineRegistry = engineRegistry): void {
  if (registry.has('ollama')) return;
  registry.register('ollama', (raw) => {
    const reader = new FactoryOptionsReader('ollama', raw);
    return new OllamaEngine({
      ...readCommonFactoryOptions(reader),
      numCtx: reader.number('numCtx'),
      think: reader.boolean('think'),
      keepAlive: reader.stringOrNumber('keepAlive'),
    });
  });
}

registerOllamaEngine();
