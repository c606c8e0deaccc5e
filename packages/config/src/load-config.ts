import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';
import { formatOf, readConfigText } from './read-config-text.js';
import type { ConfigRegistries, JarvisConfig } from './schema/jarvis-config.js';

/** Agent options that are paths, resolved against the config file's directory. */
const pathOptions = ['workspace', 'dataDir'] as const;

/**
 * Reads `jarvis.config.json` (or a `.yaml` / `.yml` file), validates it and
 * resolves relative `workspace` and `dataDir` options against the file's
 * directory. Entries' options are checked as `parseConfig` checks them, by
 * the types registered in `registries` (default: core's process-wide ones).
 * Throws `ConfigError` for a missing or unreadable file, bad syntax, or bad fields.
 */
export async function loadConfig(
  path: string,
  registries: ConfigRegistries = {},
): Promise<JarvisConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'config file not found'
        : `cannot read the config file (${code ?? String(error)})`;
    throw new ConfigError({ issues: [{ path: '', message }], source: path, cause: error });
  }
  const config = parseConfig(readConfigText(text, formatOf(path), path), {
    ...registries,
    source: path,
  });
  return resolvePaths(config, dirname(resolve(path)));
}

function resolvePaths(config: JarvisConfig, baseDir: string): JarvisConfig {
  for (const agent of Object.values(config.agents)) {
    const options = agent.options;
    if (options === undefined) continue;
    for (const key of pathOptions) {
      const value = options[key];
      if (typeof value === 'string' && !isAbsolute(value)) options[key] = resolve(baseDir, value);
    }
  }
  return config;
}
