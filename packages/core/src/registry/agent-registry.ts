import type { BaseAgent } from '../agents/base-agent.js';
import type { InferenceEngine } from '../engines/inference-engine.js';
import type { EventBus } from '../events/event-bus.js';
import { Registry, type TypeDefinition } from './registry.js';

/** What an agent type's `create` receives besides its own options: the parts every agent shares. */
export interface AgentFactoryContext {
  engine: InferenceEngine | undefined;
  model: string;
  bus?: EventBus;
}

/** An agent type: its options schema, how to build it, and whether it may go without an engine. */
export interface AgentTypeDefinition<TOptions = unknown>
  extends TypeDefinition<TOptions, AgentFactoryContext, BaseAgent> {
  /**
   * For a config entry that names no engine: why this one needs an engine, or
   * `undefined` when it can do without. Absent: every entry may go without.
   */
  engineRequirement?(entry: { model: string; options: TOptions }): string | undefined;
}

export class AgentRegistry extends Registry<AgentFactoryContext, BaseAgent, AgentTypeDefinition> {
  constructor() {
    super('agent type');
  }

  // Generic here so that `create`'s options are typed from the schema when a definition is written inline.
  override register<TOptions>(key: string, definition: AgentTypeDefinition<TOptions>): this {
    return super.register(key, definition);
  }

  /**
   * Why an entry of type `key` with this model and these options cannot go
   * without an engine; `undefined` when it can, or when its options are
   * invalid (`checkOptions` reports those). Throws `RegistryError` for an unknown key.
   */
  engineRequirement(key: string, entry: { model: string; options: unknown }): string | undefined {
    const definition = this.definition(key);
    if (definition.engineRequirement === undefined) return undefined;
    const parsed = definition.optionsSchema.safeParse(entry.options);
    return parsed.success
      ? definition.engineRequirement({ model: entry.model, options: parsed.data })
      : undefined;
  }
}

/** The process-wide agent registry that applications register agent types in. */
export const agentRegistry: AgentRegistry = new AgentRegistry();
