import type { BaseAgentOptions } from '@openjarvis/core';
import type { CustomAgentConfig } from './config/build-opencode-config.js';
import type { OpenCodeAgentName, PermissionConfig } from './config/permission.js';
import type { PermissionCallback, PermissionPolicy } from './run/permission-handling.js';
import type { RecyclePolicy } from './server/recycle-policy.js';
import type { WorkspaceDiffOptions } from './workspace/diff-options.js';

export interface OpenCodeAgentOptions extends BaseAgentOptions {
  /**
   * The directory opencode works in: its tools read and write here.
   * @default process.cwd()
   */
  workspace?: string;
  /**
   * `build` has full access; `plan` is read-only (edit and bash denied).
   * @default 'build'
   */
  agent?: OpenCodeAgentName;
  /**
   * The provider id the engine gets in opencode's config.
   * @default 'openjarvis'
   */
  providerId?: string;
  /**
   * The engine's OpenAI-compatible base URL, with `/v1`.
   * @default deriveOpenAIBaseUrl(engine)
   */
  providerBaseUrl?: string;
  /**
   * The model id sent to the engine.
   * @default the `model` constructor argument
   */
  modelId?: string;
  /**
   * Sent to the engine as a Bearer token. Never appears in events, logs or errors.
   * @default engine.apiKey
   */
  apiKey?: string;
  /**
   * opencode permission rules; replaces the defaults (build: edit, bash and
   * webfetch allowed; plan: edit and bash denied) entirely.
   */
  permission?: PermissionConfig;
  /**
   * Answers the permission questions opencode asks during a run (its built-in
   * `external_directory`, `doom_loop` and `.env` rules, and any `ask` rule).
   * Without it, `permissionPolicy` answers.
   */
  onPermission?: PermissionCallback;
  /**
   * Static answers by permission name (`*` for the rest), used when there is
   * no `onPermission`.
   * @default { '*': 'reject' }
   */
  permissionPolicy?: PermissionPolicy;
  /**
   * How long `onPermission` may take before the request is rejected.
   * @default 60_000
   */
  permissionTimeoutMs?: number;
  /** @default '127.0.0.1' */
  hostname?: string;
  /**
   * The port to listen on; `0` lets opencode choose (it prefers 4096, else a
   * free one; the real URL is read from its output).
   * @default 0
   */
  port?: number;
  /**
   * Basic-auth password of the opencode server.
   * @default process.env.OPENCODE_SERVER_PASSWORD, else a random one per server
   */
  serverPassword?: string;
  /**
   * Bound on one whole run (server start included). The session is aborted
   * when it runs out.
   * @default 600_000
   */
  timeoutMs?: number;
  /**
   * Ends a run with `error.kind: 'engine_stalled'` when its session shows no
   * progress (no event from opencode: status, message, part or text delta) for
   * this long once opencode has turned to the engine (its first status), e.g. an engine that accepted the
   * request and never answers, or stopped mid-reply with the connection open
   * (opencode alone waits 300 s for each). A running tool, a pending
   * permission question and opencode's wait before a retry do not count as
   * silence. Raise it for engines whose first token can take longer, such as a
   * large prompt on a CPU (opencode's first request is ~9 k tokens);
   * `Infinity` turns it off.
   * @default 120_000
   */
  stallTimeoutMs?: number;
  /**
   * Bound on starting the server (spawn, listening, config loaded, events open).
   * @default 30_000
   */
  startupTimeoutMs?: number;
  /**
   * How many times opencode may retry a failing engine request before the run
   * ends with an error. opencode alone retries 5 times over about 65 s.
   * @default 2
   */
  maxEngineRetries?: number;
  /**
   * The opencode executable.
   * @default process.env.OPENCODE_BIN, else `opencode` on PATH, else the `opencode-ai` package beside this one
   */
  opencodeBin?: string;
  /**
   * `rg` for opencode's grep and glob tools.
   * @default `rg` on PATH
   */
  ripgrepPath?: string;
  /**
   * Keep opencode's sessions in this directory. By default they live in
   * memory and vanish with the server.
   */
  dataDir?: string;
  /**
   * Ignore `opencode.json`, `.opencode/` and `AGENTS.md` files of the workspace
   * and its parents.
   * @default false
   */
  ignoreProjectConfig?: boolean;
  /** Extra environment variables for the opencode process. */
  env?: Record<string, string>;
  /** Appended to opencode's system prompt for every run. */
  systemPrompt?: string;
  /**
   * Other models of the same engine that a run may pick with its `model`
   * option (opencode only knows the models written into its config).
   * @default none
   */
  models?: string[];
  /**
   * Custom opencode agents, by name, that a run may pick with its `agent`
   * option (besides `build`, `plan` and the project's own agents).
   * @default none
   */
  agents?: Record<string, CustomAgentConfig>;
  /**
   * The workspace change of each run (`result.metadata.diff` and a
   * `workspace_diff` event), taken with git outside the workspace; `false`
   * turns it off.
   * @default {}
   */
  diff?: false | WorkspaceDiffOptions;
  /**
   * The model's context window, written into opencode's config so it sizes
   * replies right. Asked of the engine when it can tell (for Ollama, the window
   * of its `/v1`, where opencode talks).
   */
  contextLength?: number;
  /**
   * Before opencode starts, a model whose window is below this fails at once
   * with `context_length_exceeded`. The default is opencode's first request
   * (see `opencodeFirstRequestTokens`); `0` turns the check off.
   * @default 9_216
   */
  minContextTokens?: number;
  /**
   * Before opencode starts, a model the engine says cannot call tools
   * (llama-server's template, Ollama's capabilities, vLLM's tool flags) fails
   * at once with `tools_unsupported`. `false` runs it anyway.
   * @default true
   */
  requireToolSupport?: boolean;
  /**
   * Replace the opencode server now and then, between runs (never during
   * one), because its memory grows with every turn. `false`: never.
   * @default { afterRuns: 250, aboveRssMiB: 1024 }
   */
  recycle?: RecyclePolicy | false;
  /**
   * Keep each run's opencode session after the run, so that it can be
   * continued (`run(…, { sessionId })`, `agent.session()`). `false` deletes
   * it once its result is read, for agents that never continue a run: a
   * long-lived server then does not keep every conversation. Kept sessions
   * still go when a server without `dataDir` is recycled.
   * @default true
   */
  keepSessions?: boolean;
  /**
   * Share one opencode server with the other agents of this process whose
   * server-level settings are the same (binary, hostname, port, password,
   * environment, data directory, and the generated config: engine, models,
   * custom agents, permissions). Each agent's runs work in its own workspace
   * on it (`?directory=`); the last agent's `close()` stops it. `false`: a
   * server of this agent's own.
   * @default true
   */
  shareServer?: boolean;
  /**
   * Most opencode processes for this agent's runs (and the agents sharing
   * them). One process saturates one core (~29 one-tool turns/s); with more,
   * each run goes to the least busy one, and a new one starts only when
   * every running one is busy.
   * @default 1
   */
  maxServers?: number;
  /**
   * Use an opencode server that already runs (`opencode serve`) instead of
   * starting one; `serverPassword` (or `OPENCODE_SERVER_PASSWORD`) is its
   * password. Nothing is spawned, and closing the agent disposes nothing but
   * what its runs started. The server's own config must know the agent's
   * provider and model (`providerId`, `modelId`).
   * @default start a server
   */
  serverUrl?: string;
}
