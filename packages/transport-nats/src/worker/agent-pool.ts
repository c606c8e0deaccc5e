import { createFromConfig, type JarvisConfig, type JarvisInstances } from '@openjarvis/config';
import type { BaseAgent, EventBus } from '@openjarvis/core';
import { FleetError } from '../errors.js';

interface Pooled {
  readonly instances: JarvisInstances;
  readonly agent: BaseAgent;
  users: number;
}

/** An agent for one task, and how to hand it back. */
export interface LeasedAgent {
  readonly agent: BaseAgent;
  release(): Promise<void>;
}

/**
 * Builds a config's agents for task workspaces. An agent for a directory that
 * outlives the task (a path workspace) is kept and reused by later tasks on
 * the same directory, so its opencode server starts once; one for a fresh
 * worktree is closed with its task.
 */
export class AgentPool {
  readonly #config: JarvisConfig;
  readonly #bus: EventBus;
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #kept = new Map<string, Promise<Pooled>>();

  constructor(
    config: JarvisConfig,
    bus: EventBus,
    env: Readonly<Record<string, string | undefined>>,
  ) {
    this.#config = config;
    this.#bus = bus;
    this.#env = env;
  }

  /** Throws a `FleetError` (`unknown_agent`) when the config has no such agent. */
  check(name: string): void {
    if (!Object.hasOwn(this.#config.agents, name)) {
      throw new FleetError(
        'unknown_agent',
        `this worker's config has no agent "${name}" (it has: ${Object.keys(this.#config.agents).join(', ') || 'none'})`,
      );
    }
  }

  async lease(name: string, dir: string, keep: boolean): Promise<LeasedAgent> {
    this.check(name);
    if (!keep) {
      const pooled = await this.#build(name, dir);
      return { agent: pooled.agent, release: () => pooled.instances.close() };
    }
    const key = `${name}\u0000${dir}`;
    let entry = this.#kept.get(key);
    if (entry === undefined) {
      entry = this.#build(name, dir);
      this.#kept.set(key, entry);
      entry.catch(() => this.#kept.delete(key));
    }
    const pooled = await entry;
    pooled.users += 1;
    return {
      agent: pooled.agent,
      release: async () => {
        pooled.users -= 1;
      },
    };
  }

  /** Closes every kept agent (and the processes they run). */
  async close(): Promise<void> {
    const kept = [...this.#kept.values()];
    this.#kept.clear();
    await Promise.allSettled(kept.map(async (entry) => (await entry).instances.close()));
  }

  async #build(name: string, dir: string): Promise<Pooled> {
    const config = this.#config.agents[name];
    if (config === undefined) throw new Error(`agent "${name}" vanished from the config`);
    // Only opencode agents take a workspace; other types ignore the directory.
    const agentConfig =
      config.type === 'opencode'
        ? { ...config, options: { ...config.options, workspace: dir } }
        : config;
    const instances = await createFromConfig(
      { engines: this.#config.engines, agents: { [name]: agentConfig } },
      { bus: this.#bus, env: this.#env },
    );
    const agent = instances.agents.get(name);
    if (agent === undefined) throw new Error(`agent "${name}" was not built`);
    return { instances, agent, users: 0 };
  }
}
