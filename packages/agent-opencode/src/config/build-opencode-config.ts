import { defaultPermission, type OpenCodeAgentName, type PermissionConfig } from './permission.js';

export interface BuildOpenCodeConfigOptions {
  /** @default 'build' */
  agent?: OpenCodeAgentName;
  /** @default 'openjarvis' */
  providerId?: string;
  /** The engine's OpenAI-compatible base URL (with `/v1`). Without it, no provider block is written. */
  providerBaseUrl?: string | undefined;
  /** The model id the engine serves. */
  modelId: string;
  /** Sent to the engine as `Authorization: Bearer`. Written only when given. */
  apiKey?: string | undefined;
  /** Replaces the default permissions entirely. */
  permission?: PermissionConfig | undefined;
  /** The model's context window; written as `limit.context` with `maxTokens` as `limit.output`. */
  contextLength?: number | undefined;
  /** Caps the tokens of each reply (opencode otherwise asks for 32000). */
  maxTokens?: number | undefined;
  /** Sampling temperature for the agent's requests. */
  temperature?: number | undefined;
  /** Other models of the same engine that runs may pick; written beside `modelId`. */
  extraModels?: readonly string[] | undefined;
  /** Custom opencode agents, by name, that runs may pick. */
  agents?: Record<string, CustomAgentConfig> | undefined;
}

/** A custom opencode agent (its `agent.<name>` config entry). */
export interface CustomAgentConfig {
  description?: string | undefined;
  /** The agent's system prompt. */
  prompt?: string | undefined;
  /** @default 'primary' here, so a run can use it */
  mode?: 'primary' | 'subagent' | 'all' | undefined;
  temperature?: number | undefined;
  /** Its permission rules; without them the config's `permission` applies. */
  permission?: PermissionConfig | undefined;
  /** Tools switched on or off by name, e.g. `{ bash: false }`. */
  tools?: Record<string, boolean> | undefined;
}

/** The subset of opencode's config this package writes. */
export interface OpenCodeConfig {
  $schema: string;
  permission: PermissionConfig;
  provider?: Record<string, OpenCodeProviderConfig>;
  model?: string;
  small_model?: string;
  enabled_providers?: string[];
  agent: Record<string, Record<string, unknown>>;
  snapshot: boolean;
  autoupdate: boolean;
  share: 'disabled';
}

export interface OpenCodeProviderConfig {
  npm: '@ai-sdk/openai-compatible';
  name: string;
  options: { baseURL: string; apiKey?: string };
  models: Record<string, OpenCodeModelConfig>;
}

export interface OpenCodeModelConfig {
  name: string;
  limit?: { context: number; output: number };
  temperature?: boolean;
  options?: Record<string, unknown>;
}

const defaultOutputTokens = 4096;

/**
 * Builds the opencode config for one server. It only describes the server; it
 * is never written into the user's workspace.
 */
export function buildOpenCodeConfig(options: BuildOpenCodeConfigOptions): OpenCodeConfig {
  const agent = options.agent ?? 'build';
  const providerId = options.providerId ?? 'openjarvis';
  const agentSettings: Record<string, unknown> = {};
  if (options.temperature !== undefined) agentSettings.temperature = options.temperature;
  const config: OpenCodeConfig = {
    $schema: 'https://opencode.ai/config.json',
    permission: options.permission ?? defaultPermission(agent),
    // The title request would be a second, concurrent model call on every
    // session's first prompt, which single-slot local engines serialise.
    agent: {
      ...customAgents(options.agents),
      title: { disable: true },
      ...(Object.keys(agentSettings).length > 0 ? { [agent]: agentSettings } : {}),
    },
    // Shadow-git snapshots of the workspace cost ~400 ms per write turn and are
    // only needed for opencode's undo, which a driven session does not use.
    snapshot: false,
    autoupdate: false,
    share: 'disabled',
  };
  const baseURL = options.providerBaseUrl?.replace(/\/+$/, '');
  if (baseURL === undefined || baseURL === '') return config;

  const model: OpenCodeModelConfig = { name: options.modelId };
  if (options.contextLength !== undefined && options.contextLength > 0) {
    const output = Math.min(
      options.maxTokens ?? defaultOutputTokens,
      Math.max(1, Math.floor(options.contextLength / 2)),
    );
    model.limit = { context: options.contextLength, output };
  } else if (options.maxTokens !== undefined) {
    model.options = { max_tokens: options.maxTokens };
  }
  // `temperature` is a capability flag in opencode: without it no temperature is sent.
  if (options.temperature !== undefined) model.temperature = true;

  config.provider = {
    [providerId]: {
      npm: '@ai-sdk/openai-compatible',
      name: 'OpenJarvis Local',
      options: options.apiKey === undefined ? { baseURL } : { baseURL, apiKey: options.apiKey },
      models: Object.fromEntries([
        ...(options.extraModels ?? []).map((id) => [id, { ...model, name: id }]),
        [options.modelId, model],
      ]),
    },
  };
  config.model = `${providerId}/${options.modelId}`;
  config.small_model = config.model;
  config.enabled_providers = [providerId];
  return config;
}

function customAgents(
  agents: Record<string, CustomAgentConfig> | undefined,
): Record<string, Record<string, unknown>> {
  const entries = Object.entries(agents ?? {}).map(([name, agent]) => [
    name,
    { mode: 'primary', ...agent },
  ]);
  return Object.fromEntries(entries);
}
