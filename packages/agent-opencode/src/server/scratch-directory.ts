import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The private directories one opencode server keeps its state in. */
export interface ScratchDirectory {
  root: string;
  configFile: string;
  xdg: { data: string; config: string; cache: string; state: string };
  remove(): Promise<void>;
}

/**
 * Creates a directory only the current user can read, with opencode's XDG
 * directories inside and the config file (mode 0600). Nothing is written to
 * the workspace or to the user's home.
 */
export async function createScratchDirectory(
  config: unknown,
  options: { ripgrep?: string | undefined; dataDir?: string | undefined },
): Promise<ScratchDirectory> {
  const root = await mkdtemp(join(tmpdir(), 'openjarvis-opencode-'));
  await chmod(root, 0o700);
  const xdg = {
    data: options.dataDir ?? join(root, 'data'),
    config: join(root, 'config'),
    cache: join(root, 'cache'),
    state: join(root, 'state'),
  };
  const opencodeConfigDir = join(xdg.config, 'opencode');
  await Promise.all([
    mkdir(xdg.data, { recursive: true }),
    mkdir(join(opencodeConfigDir, 'node_modules'), { recursive: true }),
    mkdir(join(xdg.cache, 'opencode', 'bin'), { recursive: true }),
    mkdir(xdg.state, { recursive: true }),
  ]);
  // opencode npm-installs its plugin package into every config directory at
  // start unless a lockfile says it is there. The install reaches the network
  // and, while it downloads, makes opencode ignore SIGTERM.
  await writeFile(
    join(opencodeConfigDir, 'package.json'),
    JSON.stringify({ dependencies: { '@opencode-ai/plugin': '*' } }),
  );
  await writeFile(
    join(opencodeConfigDir, 'package-lock.json'),
    JSON.stringify({
      lockfileVersion: 3,
      packages: { '': { dependencies: { '@opencode-ai/plugin': '*' } } },
    }),
  );
  if (options.ripgrep !== undefined) {
    await symlink(options.ripgrep, join(xdg.cache, 'opencode', 'bin', 'rg'));
  }
  const configFile = join(root, 'opencode.json');
  await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
  return {
    root,
    configFile,
    xdg,
    remove: () => rm(root, { recursive: true, force: true, maxRetries: 3 }),
  };
}
