import { readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '@openjarvis/core';
import { onExit } from 'signal-exit';

/** The private directories one opencode server keeps its state in. */
export interface ScratchDirectory {
  root: string;
  configFile: string;
  xdg: { data: string; config: string; cache: string; state: string };
  remove(): Promise<void>;
}

const prefix = 'openjarvis-opencode-';
/** Holds the pid of the process that owns a private directory. */
export const ownerFile = 'owner.pid';

/**
 * Creates a directory only the current user can read, with opencode's XDG
 * directories inside and the config file (mode 0600). Nothing is written to
 * the workspace or to the user's home.
 *
 * The config may hold the engine's API key, so the directory must not outlive
 * its owner: it is removed on close, when the owning process exits (normally,
 * on an uncaught exception or on a signal), and on Linux by the supervisor
 * when the owner is gone, however it died (supervisor-script.ts). Where no
 * supervisor runs, nothing runs when a process is killed with SIGKILL; the
 * next server start then sweeps directories whose owner is gone.
 */
export async function createScratchDirectory(
  config: unknown,
  options: { ripgrep?: string | undefined; dataDir?: string | undefined },
): Promise<ScratchDirectory> {
  await sweepOrphans();
  const root = await mkdtemp(join(tmpdir(), prefix));
  const removeOnExit = onExit(() => {
    rmSync(root, { recursive: true, force: true });
  });
  await chmod(root, 0o700);
  await writeFile(join(root, ownerFile), String(process.pid));
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
    remove: async () => {
      removeOnExit();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Removes scratch directories (or others named `namePrefix…`) whose owning process no longer exists. */
export async function sweepOrphans(namePrefix = prefix): Promise<string[]> {
  const base = tmpdir();
  let names: string[];
  try {
    names = (await readdir(base)).filter((name) => name.startsWith(namePrefix));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const root = join(base, name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(root, ownerFile), 'utf8'));
    } catch {
      // No owner file: being created right now, or not ours to judge.
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    await rm(root, { recursive: true, force: true }).catch(() => {});
    removed.push(root);
  }
  return removed;
}
