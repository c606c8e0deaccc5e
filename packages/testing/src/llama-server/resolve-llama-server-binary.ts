import { constants, existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LlamaServerNotFoundError } from './llama-server-errors.js';

export interface ResolvedLlamaServerBinary {
  readonly path: string;
  /** `option`: passed explicitly; `env`: `LLAMA_SERVER_BIN`; `cache`: the setup script's launcher. */
  readonly source: 'option' | 'env' | 'cache';
}

export interface ResolveLlamaServerBinaryOptions {
  /** An explicit executable; wins over everything else. */
  binary?: string;
  /**
   * Environment to read `LLAMA_SERVER_BIN` from.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Directory the upward search for `.cache/llama-server/bin/llama-server` starts from; it
   * stops at the repository root (the directory holding `pnpm-workspace.yaml`).
   * @default this module's directory
   */
  searchFrom?: string;
}

/** Where scripts/setup-llama-server.mjs puts its launcher, relative to the repository root. */
const LAUNCHER = join('.cache', 'llama-server', 'bin', 'llama-server');

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the llama-server executable: `binary`, else `LLAMA_SERVER_BIN`, else the launcher in
 * `.cache/llama-server/` found by walking up to the repository root. Throws
 * LlamaServerNotFoundError (never returns undefined) so that tests fail instead of skipping.
 */
export async function resolveLlamaServerBinary(
  options: ResolveLlamaServerBinaryOptions = {},
): Promise<ResolvedLlamaServerBinary> {
  if (options.binary !== undefined) {
    const path = resolve(options.binary);
    if (await isExecutable(path)) return { path, source: 'option' };
    throw new LlamaServerNotFoundError(
      `The llama-server given as \`binary\` (${path}) is not executable.`,
      [path],
    );
  }

  const fromEnv = (options.env ?? process.env).LLAMA_SERVER_BIN;
  if (fromEnv) {
    const path = resolve(fromEnv);
    if (await isExecutable(path)) return { path, source: 'env' };
    throw new LlamaServerNotFoundError(`LLAMA_SERVER_BIN (${fromEnv}) is not an executable file.`, [
      path,
    ]);
  }

  const searched: string[] = [];
  let dir = resolve(options.searchFrom ?? dirname(fileURLToPath(import.meta.url)));
  for (;;) {
    const candidate = join(dir, LAUNCHER);
    searched.push(candidate);
    if (await isExecutable(candidate)) return { path: candidate, source: 'cache' };
    const parent = dirname(dir);
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) || parent === dir) break;
    dir = parent;
  }
  throw new LlamaServerNotFoundError('No llama-server executable found.', searched);
}
