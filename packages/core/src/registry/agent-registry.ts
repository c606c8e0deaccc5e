import type { BaseAgent } from '../agents/base-agent.js';
import type { InferenceEngine } from '../engines/inference-engine.js';
import type { EventBus } from '../events/event-bus.js';
import { Registry } from './registry.js';

/** What an agent factory receives: the shared parts plus the agent type's own options. */
export interface AgentFactoryOptions {
  engine: InferenceEngine | undefined;
  model: string;
  bus?: EventBus;
  /** Options specific to the agent type, as written in the config. */
  options: Record<string, unknown>;
}

export class AgentRegistry extends Registry<AgentFactoryOptions, BaseAgent> {
  constructor() {
    super('agent type');
  }
}

/** Options an engine factory receives, as written in the config (`host`, `apiKey`, …). */
export type EngineFactoryOptions = Record<string, unknown>;

export class EngineRegistry extends Registry<EngineFactoryOptions, InferenceEngine> {
  constructor() {
    super('engine type');
  }
}

/** The process-wide agent registry that packages register their agent types in. */
export const agentRegistry: AgentRegistry = new AgentRegistry();

/** The process-wide engine registry that engine packages register themselves in. */
export const engineRegistry: EngineRegistry = new EngineRegistry();
