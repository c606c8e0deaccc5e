import {
  type AgentRegistry,
  type BaseAgent,
  agentRegistry as defaultAgentRegistry,
  engineRegistry as defaultEngineRegistry,
  EngineInputError,
  type EngineRegistry,
  type EventBus,
  formatFieldPath,
  getEventBus,
  type InferenceEngine,
} from '@openjarvis/core';
import { checkConfigTypes } from './check-config-types.js';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';
import { engineFactoryOptions, topLevelEngineFields } from './schema/check-engine.js';
import type { EngineConfig } from './schema/engine-config.js';
import type { JarvisConfigInput } from './schema/jarvis-config.js';

export interface CreateFromConfigOptions {
  /**
   * The bus every agent publishes its events to, so that one subscriber sees
   * every agent whatever its type.
   * @default the process-wide bus, `getEventBus()`
   */
  bus?: EventBus;
  /**
   * Where agent types are looked up; the types the config names must be
   * registered in it (`registerOpenCodeAgent`, `registerSimpleAgent`, …).
   * @default the process-wide `agentRegistry`
   */
  agentRegistry?: AgentRegistry;
  /**
   * Where engine types are looked up (`registerOllamaEngine`, …).
   * @default the process-wide `engineRegistry`
   */
  engineRegistry?: EngineRegistry;
  /**
   * Where `apiKeyEnv` variables are read.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What a config builds. */
export interface JarvisInstances {
  /** Engines by their name in the config. */
  readonly engines: ReadonlyMap<string, InferenceEngine>;
  /** Agents by their name in the config, in the config's order. */
  readonly agents: ReadonlyMap<string, BaseAgent>;
  /** Closes every agent (stopping the processes they run), then every engine. */
  close(): Promise<void>;
}

/**
 * Builds the engines and agents a config names, through the registries
 * (which register nothing by themselves: the application registers the types
 * it offers). Everything is checked before anything is built: unknown types,
 * options their type's schema rejects, missing environment variables and bad
 * fields throw one `ConfigError` naming each field. If a factory throws, what was built is closed and the failure is
 * reported as a `ConfigError` at that entry.
 */
export async function createFromConfig(
  input: JarvisConfigInput,
  options: CreateFromConfigOptions = {},
): Promise<JarvisInstances> {
  const agentRegistry = options.agentRegistry ?? defaultAgentRegistry;
  const engineRegistry = options.engineRegistry ?? defaultEngineRegistry;
  const config = parseConfig(input, { agentRegistry, engineRegistry });
  const env = options.env ?? process.env;
  const bus = options.bus ?? getEventBus();

  checkConfigTypes(config, { agentRegistry, engineRegistry, env });
  const engineKeys = new Map<string, string | undefined>();
  for (const [name, engine] of Object.entries(config.engines)) {
    engineKeys.set(name, apiKeyOf(engine, env));
  }

  const engines = new Map<string, InferenceEngine>();
  const agents = new Map<string, BaseAgent>();
  const close = async () => {
    await Promise.allSettled([...agents.values()].map((agent) => agent.close()));
    await Promise.allSettled([...engines.values()].map((engine) => engine.close()));
  };
  try {
    for (const [name, entry] of Object.entries(config.engines)) {
      const factoryOptions = engineFactoryOptions(entry, engineKeys.get(name));
      engines.set(
        name,
        build(['engines', name], topLevelEngineFields, () =>
          engineRegistry.create(entry.type, factoryOptions),
        ),
      );
    }
    for (const [name, entry] of Object.entries(config.agents)) {
      const engine = entry.engine === undefined ? undefined : engines.get(entry.engine);
      agents.set(
        name,
        build(['agents', name], [], () =>
          agentRegistry.create(
            entry.type,
            { ...entry.options },
            { engine, model: entry.model, bus },
          ),
        ),
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { engines, agents, close };
}

function apiKeyOf(
  engine: EngineConfig,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  return engine.apiKeyEnv === undefined ? engine.apiKey : env[engine.apiKeyEnv];
}

/**
 * Runs a factory; its failure becomes a `ConfigError` at the entry, or at the
 * option an `EngineInputError` names in its `field`.
 */
function build<T>(entryPath: string[], topLevelFields: readonly string[], factory: () => T): T {
  try {
    return factory();
  } catch (error) {
    const field = fieldOf(error);
    const path =
      field === undefined
        ? entryPath
        : topLevelFields.includes(field)
          ? [...entryPath, field]
          : [...entryPath, 'options', field];
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError({ issues: [{ path: formatFieldPath(path), message }], cause: error });
  }
}

function fieldOf(error: unknown): string | undefined {
  if (!EngineInputError.isInstance(error)) return undefined;
  return error.field === '' ? undefined : error.field;
}
