import { readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { isExecutableFile } from './is-executable-file.js';

export interface ResolveOpenCodeBinaryOptions {
  /** An explicit path. When given, nothing else is searched. */
  opencodeBin?: string | undefined;
  /**
   * Environment to read `OPENCODE_BIN` and `PATH` from.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Also look for the `opencode-ai` npm package installed beside this one.
   * @default true
   */
  searchPackage?: boolean;
}

// The native binary is ~185 MB. Anything small is a package-manager shim (which
// would not forward signals to opencode) or the placeholder script opencode-ai
// leaves when its postinstall did not run.
const minimumBinarySize = 1_000_000;

/**
 * Finds the opencode executable: `opencodeBin`, else `OPENCODE_BIN`, else a
 * native `opencode` on `PATH`, else the binary of the `opencode-ai` package
 * installed beside this package. Returns `undefined` when there is none.
 */
export function resolveOpenCodeBinary(
  options: ResolveOpenCodeBinaryOptions = {},
): string | undefined {
  const env = options.env ?? process.env;
  const explicit = options.opencodeBin ?? nonEmpty(env.OPENCODE_BIN);
  if (explicit !== undefined) return isExecutableFile(explicit) ? resolve(explicit) : undefined;
  return fromPath(env.PATH) ?? (options.searchPackage === false ? undefined : fromPackage());
}

/** True when `resolveOpenCodeBinary` finds an executable. */
export function isOpenCodeAvailable(options: ResolveOpenCodeBinaryOptions = {}): boolean {
  return resolveOpenCodeBinary(options) !== undefined;
}

function fromPath(pathVariable: string | undefined): string | undefined {
  if (pathVariable === undefined) return undefined;
  const name = platform() === 'win32' ? 'opencode.exe' : 'opencode';
  for (const dir of pathVariable.split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isNativeBinary(candidate)) return realpathSync(candidate);
  }
  return undefined;
}

function fromPackage(): string | undefined {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('opencode-ai/package.json');
  } catch {
    return undefined;
  }
  // The platform packages are dependencies of opencode-ai; resolving them from
  // there works even when its postinstall (which links the binary) was skipped.
  const fromOpenCodeAi = createRequire(packageJson);
  const executable = platform() === 'win32' ? 'opencode.exe' : 'opencode';
  for (const name of platformPackageNames()) {
    try {
      const candidate = join(
        dirname(fromOpenCodeAi.resolve(`${name}/package.json`)),
        'bin',
        executable,
      );
      if (isNativeBinary(candidate)) return candidate;
    } catch {
      // not installed for this platform variant
    }
  }
  const linked = join(dirname(packageJson), 'bin', 'opencode.exe');
  return isNativeBinary(linked) ? linked : undefined;
}

/** The opencode platform packages to try, best match first (the order opencode-ai's installer uses). */
function platformPackageNames(): string[] {
  const os = { darwin: 'darwin', linux: 'linux', win32: 'windows' }[platform() as string];
  const cpu = { x64: 'x64', arm64: 'arm64' }[arch() as string];
  if (os === undefined || cpu === undefined) return [];
  const base = `opencode-${os}-${cpu}`;
  const variants =
    cpu === 'x64' && !hasAvx2() ? [`${base}-baseline`, base] : [base, `${base}-baseline`];
  return os === 'linux' && isMusl() ? [...variants.map((v) => `${v}-musl`), ...variants] : variants;
}

function hasAvx2(): boolean {
  if (platform() !== 'linux') return true;
  try {
    return /\bavx2\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return true;
  }
}

function isMusl(): boolean {
  try {
    statSync('/etc/alpine-release');
    return true;
  } catch {
    return false;
  }
}

function isNativeBinary(path: string): boolean {
  try {
    return isExecutableFile(path) && statSync(path).size >= minimumBinarySize;
  } catch {
    return false;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
