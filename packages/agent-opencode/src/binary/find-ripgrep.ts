import { delimiter, isAbsolute, join } from 'node:path';
import { isExecutableFile } from './is-executable-file.js';

/**
 * Finds `rg` for opencode's grep and glob tools. Without one, opencode tries to
 * download ripgrep from GitHub at the first search, which fails offline.
 */
export function findRipgrep(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (explicit !== undefined) return isExecutableFile(explicit) ? explicit : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, 'rg');
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}
