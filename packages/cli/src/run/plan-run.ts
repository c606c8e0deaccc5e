import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type AgentConfig,
  type EngineConfig,
  type JarvisConfig,
  loadConfig,
} from '@openjarvis/config';
import type { RunArgs } from '../args/parse-command-line.js';
import type { CliIo } from '../cli-io.js';
import { engineFromFlag } from '../engines/engine-from-flag.js';
import { UsageError } from '../usage-error.js';
import { sessionsDir } from './sessions-dir.js';

/** The name the engine given with `--engine` gets in the config. */
export const flagEngineName = 'cli-engine';

/** What `jarvis run` will build: one agent and, when it has one, its engine. */
export interface RunPlan {
  agentName: string;
  agent: AgentConfig;
  engineName: string | undefined;
  engine: EngineConfig | undefined;
  /** The config file used, if any. */
  configPath: string | undefined;
}

/**
 * Combines the config file (given, or `./jarvis.config.json` when present)
 * with the flags, which win. Without a config the agent is an `opencode`
 * agent whose engine and model the caller still has to find.
 */
export async function planRun(args: RunArgs, io: CliIo): Promise<RunPlan> {
  const configPath = findConfig(args.config, io.cwd);
  const config: JarvisConfig | undefined =
    configPath === undefined ? undefined : await loadConfig(configPath);
  const { agentName, agent } = pickAgent(config, args.use);
  let engineName = agent.engine;
  let engine = engineName === undefined ? undefined : config?.engines[engineName];
  if (args.engine !== undefined) {
    engineName = flagEngineName;
    engine = engineFromFlag(args.engine);
  }
  const options: Record<string, unknown> = { ...agent.options };
  if (args.agent !== undefined)
    options.agent = requireOpenCode(agent, agentName, '--agent', args.agent);
  if (args.workspace !== undefined) {
    const workspace = resolve(io.cwd, args.workspace);
    if (!isDirectory(workspace))
      throw new UsageError(`--workspace ${args.workspace}: no such directory`);
    options.workspace = requireOpenCode(agent, agentName, '--workspace', workspace);
  }
  if (agent.type === 'opencode' && options.workspace === undefined) options.workspace = io.cwd;
  if (agent.type === 'opencode' && options.dataDir === undefined) {
    options.dataDir = sessionsDir(io.env);
  }
  const planned: AgentConfig = {
    type: agent.type,
    model: args.model ?? agent.model,
    ...(engineName === undefined ? {} : { engine: engineName }),
    ...(Object.keys(options).length === 0 ? {} : { options }),
  };
  return { agentName, agent: planned, engineName, engine, configPath };
}

function findConfig(given: string | undefined, cwd: string): string | undefined {
  if (given !== undefined) return resolve(cwd, given);
  const implicit = join(cwd, 'jarvis.config.json');
  return existsSync(implicit) ? implicit : undefined;
}

function pickAgent(
  config: JarvisConfig | undefined,
  use: string | undefined,
): { agentName: string; agent: AgentConfig } {
  if (config === undefined) {
    if (use !== undefined)
      throw new UsageError('--use names an agent of a config file; there is none');
    return { agentName: 'opencode', agent: { type: 'opencode', model: '' } };
  }
  const names = Object.keys(config.agents);
  const agentName = use ?? config.defaultAgent ?? names[0];
  const agent = agentName === undefined ? undefined : config.agents[agentName];
  if (agentName === undefined || agent === undefined) {
    throw new UsageError(
      names.length === 0
        ? 'the config defines no agents; add one under "agents"'
        : `--use ${use}: no agent of that name; the config defines ${names.join(', ')}`,
    );
  }
  return { agentName, agent };
}

function requireOpenCode<T>(agent: AgentConfig, name: string, flag: string, value: T): T {
  if (agent.type !== 'opencode') {
    throw new UsageError(
      `${flag} applies to opencode agents; agent "${name}" is of type ${agent.type}`,
    );
  }
  return value;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
