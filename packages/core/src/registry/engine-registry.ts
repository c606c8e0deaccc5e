import type { InferenceEngine } from '../engines/inference-engine.js';
import { Registry, type TypeDefinition } from './registry.js';

/** An engine type: the schema of its options (`host`, `apiKey`, timeouts, …) and how to build it. */
export type EngineTypeDefinition<TOptions = unknown> = TypeDefinition<
  TOptions,
  void,
  InferenceEngine
>;

export class EngineRegistry extends Registry<void, InferenceEngine> {
  constructor() {
    super('engine type');
  }

  // Generic here so that `create`'s options are typed from the schema when a definition is written inline.
  override register<TOptions>(key: string, definition: EngineTypeDefinition<TOptions>): this {
    return super.register(key, definition);
  }
}

/** The process-wide engine registry that applications register engine types in. */
export const engineRegistry: EngineRegistry = new EngineRegistry();
