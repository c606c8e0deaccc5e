import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Finds `rg` for opencode's grep and glob tools. Without one, opencode tries to
 * download ripgrep from GitHub at the first search, which fails offline.
 */
export function findRipgrep(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (explicit !== undefined) return isExecutable(explicit) ? explicit : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, 'rg');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
