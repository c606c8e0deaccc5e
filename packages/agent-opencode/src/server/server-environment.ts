import type { ScratchDirectory } from './scratch-directory.js';

/**
 * The environment opencode runs with: the caller's environment minus any
 * inherited `OPENCODE_*` and `XDG_*` settings, plus private state directories,
 * the config file, the server password, and the switches that keep the start
 * offline and keep the user's `~/.claude` files out of the system prompt.
 */
export function serverEnvironment(options: {
  base: NodeJS.ProcessEnv;
  scratch: ScratchDirectory;
  username: string;
  password: string;
  inMemoryDatabase: boolean;
  ignoreProjectConfig: boolean;
  extra: Record<string, string> | undefined;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.base)) {
    if (value === undefined || key.startsWith('OPENCODE_') || key.startsWith('XDG_')) continue;
    env[key] = value;
  }
  Object.assign(env, options.extra ?? {}, {
    XDG_DATA_HOME: options.scratch.xdg.data,
    XDG_CONFIG_HOME: options.scratch.xdg.config,
    XDG_CACHE_HOME: options.scratch.xdg.cache,
    XDG_STATE_HOME: options.scratch.xdg.state,
    OPENCODE_CONFIG: options.scratch.configFile,
    OPENCODE_SERVER_USERNAME: options.username,
    OPENCODE_SERVER_PASSWORD: options.password,
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_CLAUDE_CODE: '1',
    OPENCODE_DISABLE_EXTERNAL_SKILLS: '1',
  });
  if (options.inMemoryDatabase) env.OPENCODE_DB = ':memory:';
  if (options.ignoreProjectConfig) env.OPENCODE_DISABLE_PROJECT_CONFIG = '1';
  return env;
}
