#!/usr/bin/env node
// Obtains a working `llama-server` for the test suite into `.cache/llama-server/` and prints
// the path of its launcher on stdout (progress goes to stderr).
//
//   node scripts/setup-llama-server.mjs [--method=auto|debian-packages|source-build] [--force]
//
// Two ways of getting the binary, tried in this order by default:
// - debian-packages: Debian sid's `llama.cpp-tools`, fetched with a private apt configuration
//   (the system's sources and package state are never touched), unpacked with `dpkg -x` and
//   run through sid's own dynamic loader.
// - source-build: an offline CMake build of the llama.cpp source bundled in the npm package
//   `node-llama-cpp` (about 11 minutes on 2 cores; the binary is cached).
// `LLAMA_SERVER_BIN`, when set, wins over both and must answer `--version`.
// More in packages/testing/README.md.

import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(repoRoot, '.cache', 'llama-server');
const launcherPath = join(cacheDir, 'bin', 'llama-server');

/** The source build is pinned: the llama.cpp revision is whatever this package bundles. */
const NODE_LLAMA_CPP_VERSION = '3.22.1';

const SID_PACKAGES = [
  'llama.cpp-tools',
  'libllama0',
  'libggml0',
  'libc6',
  'libstdc++6',
  'libgcc-s1',
  'libgomp1',
  'libssl3t64',
  'zlib1g',
];

const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/**
 * dpkg architecture → multiarch triplet and the name of glibc's dynamic loader.
 * @type {Readonly<Record<string, { triplet: string; loader: string } | undefined>>}
 */
const ARCHES = {
  amd64: { triplet: 'x86_64-linux-gnu', loader: 'ld-linux-x86-64.so.2' },
  arm64: { triplet: 'aarch64-linux-gnu', loader: 'ld-linux-aarch64.so.1' },
};

const MINUTE = 60_000;

/** @param {string} message */
function log(message) {
  process.stderr.write(`[setup-llama-server] ${message}\n`);
}

class StepError extends Error {}

/**
 * Runs a command with a hard time limit; throws StepError with its output on failure.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv; label?: string }} [options]
 * @returns {string} stdout and stderr, merged
 */
function run(command, args, { cwd, timeoutMs, env, label } = {}) {
  const shown = label ?? `${command} ${args.join(' ')}`;
  const result = spawnSync(command, args, {
    cwd,
    env: env ?? process.env,
    encoding: 'utf8',
    timeout: timeoutMs ?? 5 * MINUTE,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) {
    const reason =
      /** @type {NodeJS.ErrnoException} */ (result.error).code === 'ETIMEDOUT'
        ? `timed out after ${Math.round((timeoutMs ?? 5 * MINUTE) / 1000)} s`
        : result.error.message;
    throw new StepError(`\`${shown}\` failed: ${reason}\n${tail(output)}`);
  }
  if (result.status !== 0) {
    const how = result.signal ? `signal ${result.signal}` : `exit code ${result.status}`;
    throw new StepError(`\`${shown}\` failed with ${how}\n${tail(output)}`);
  }
  return output;
}

/**
 * @param {string} text
 * @param {number} [lines]
 */
function tail(text, lines = 25) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/** @param {string} name */
function hasCommand(name) {
  const result = spawnSync('sh', ['-c', `command -v ${name}`], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return result.status === 0;
}

/**
 * The version line if `bin --version` works, else undefined (with the reason logged).
 * @param {string} bin
 * @param {boolean} [quiet]
 * @returns {string | undefined}
 */
function probeVersion(bin, quiet = false) {
  if (!existsSync(bin)) return undefined;
  try {
    // llama-server prints its version on stderr; run() merges both streams.
    const output = run(bin, ['--version'], { timeoutMs: 60_000 });
    const line = output.split('\n').find((l) => l.startsWith('version:'));
    if (line) return line.trim();
    if (!quiet) log(`${bin} --version printed no version line:\n${tail(output)}`);
  } catch (error) {
    if (!quiet) log(`${bin} --version does not work: ${messageOf(error)}`);
  }
  return undefined;
}

/** @param {string} body */
function writeLauncher(body) {
  mkdirSync(dirname(launcherPath), { recursive: true });
  const temporary = `${launcherPath}.tmp-${process.pid}`;
  writeFileSync(temporary, body);
  chmodSync(temporary, 0o755);
  renameSync(temporary, launcherPath);
}

/**
 * Replaces `target` with the finished `staging` directory in one rename.
 * @param {string} staging
 * @param {string} target
 */
function promote(staging, target) {
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}

// ---------------------------------------------------------------------------------------
// Debian sid packages, unpacked, run through sid's loader.

function installFromDebianPackages() {
  for (const tool of ['apt-get', 'dpkg', 'dpkg-deb']) {
    if (!hasCommand(tool))
      throw new StepError(`\`${tool}\` is not available (not a Debian system?)`);
  }
  if (!existsSync(DEBIAN_KEYRING)) {
    throw new StepError(
      `${DEBIAN_KEYRING} is missing: apt cannot verify Debian sid's signatures ` +
        '(install the `debian-archive-keyring` package)',
    );
  }
  const dpkgArch = run('dpkg', ['--print-architecture'], { timeoutMs: 30_000 }).trim();
  const arch = ARCHES[dpkgArch];
  if (!arch) throw new StepError(`unsupported dpkg architecture ${dpkgArch}`);

  const aptDir = join(cacheDir, 'debian-packages', 'apt');
  const debDir = join(cacheDir, 'debian-packages', 'debs');
  for (const dir of [
    join(aptDir, 'sources'),
    join(aptDir, 'lists', 'partial'),
    join(aptDir, 'cache', 'archives', 'partial'),
    join(aptDir, 'etc', 'preferences.d'),
  ]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(
    join(aptDir, 'sources', 'debian-sid.sources'),
    [
      'Types: deb',
      'URIs: http://deb.debian.org/debian',
      'Suites: sid',
      'Components: main',
      `Signed-By: ${DEBIAN_KEYRING}`,
      '',
    ].join('\n'),
  );
  // An empty dpkg status keeps apt from reading (or reasoning about) the installed system.
  writeFileSync(join(aptDir, 'status'), '');

  const aptOptions = [
    ['Dir::Etc::sourcelist', '/dev/null'],
    ['Dir::Etc::sourceparts', join(aptDir, 'sources')],
    ['Dir::Etc::preferences', '/dev/null'],
    ['Dir::Etc::preferencesparts', join(aptDir, 'etc', 'preferences.d')],
    ['Dir::State::Lists', join(aptDir, 'lists')],
    ['Dir::State::status', join(aptDir, 'status')],
    ['Dir::Cache', join(aptDir, 'cache')],
    ['Dir::Cache::pkgcache', join(aptDir, 'cache', 'pkgcache.bin')],
    ['Dir::Cache::srcpkgcache', join(aptDir, 'cache', 'srcpkgcache.bin')],
    ['APT::Architecture', dpkgArch],
    ['Acquire::Languages', 'none'],
    // As root apt would hand downloads to the `_apt` user, which cannot write into our cache.
    ...(process.getuid?.() === 0 ? [['APT::Sandbox::User', 'root']] : []),
  ].flatMap(([key, value]) => ['-o', `${key}=${value}`]);

  /** @param {string} dir */
  const listDebs = (dir) =>
    existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.deb')) : [];
  const fresh = `${debDir}.download-${process.pid}`;
  try {
    log('debian-packages: apt-get update (private configuration for Debian sid)');
    run('apt-get', [...aptOptions, '-q', 'update'], {
      timeoutMs: 10 * MINUTE,
      label: 'apt-get update (private sid configuration)',
    });
    log(`debian-packages: apt-get download ${SID_PACKAGES.join(' ')}`);
    rmSync(fresh, { recursive: true, force: true });
    mkdirSync(fresh, { recursive: true });
    run('apt-get', [...aptOptions, '-q', 'download', ...SID_PACKAGES], {
      cwd: fresh,
      timeoutMs: 10 * MINUTE,
      label: `apt-get download ${SID_PACKAGES.join(' ')}`,
    });
    const downloaded = listDebs(fresh);
    if (downloaded.length !== SID_PACKAGES.length) {
      throw new StepError(
        `expected ${SID_PACKAGES.length} .deb files, got: ${downloaded.join(', ')}`,
      );
    }
    promote(fresh, debDir);
    // The package lists (over 100 MB unpacked) are only needed for a download.
    rmSync(aptDir, { recursive: true, force: true });
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    // sid changes without notice: a complete earlier download is better than nothing.
    if (!(error instanceof StepError) || listDebs(debDir).length !== SID_PACKAGES.length) {
      throw error;
    }
    log(
      `debian-packages: ${error.message.split('\n')[0]}; reusing the .deb files downloaded earlier`,
    );
  }
  const debs = listDebs(debDir);

  const rootDir = join(cacheDir, 'debian-packages', 'root');
  const staging = `${rootDir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const deb of debs) {
    log(`debian-packages: dpkg -x ${deb}`);
    run('dpkg', ['-x', join(debDir, deb), staging], { timeoutMs: 2 * MINUTE });
  }
  const lib = join(staging, 'usr', 'lib', arch.triplet);
  for (const required of [
    join(staging, 'usr', 'bin', 'llama-server'),
    join(lib, arch.loader),
    join(lib, 'ggml', 'backends0'),
  ]) {
    if (!existsSync(required)) throw new StepError(`unpacked tree lacks ${required}`);
  }
  promote(staging, rootDir);

  const versions = debs.map((deb) => deb.replace(/_[^_]+\.deb$/, '').replace('%3a', ':'));
  // Paths are resolved from the launcher's own location so that the cache survives a move.
  // The `cd` matters: ggml looks for its CPU backend plugins in the current directory.
  writeLauncher(
    [
      '#!/bin/sh',
      '# Generated by scripts/setup-llama-server.mjs from Debian sid packages:',
      `#   ${versions.join(' ')}`,
      '# llama-server runs with the ggml backends directory as its working directory:',
      '# pass absolute paths for -m, --chat-template-file and the like.',
      'here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P) || exit 127',
      `root="$here/../debian-packages/root"`,
      `lib="$root/usr/lib/${arch.triplet}"`,
      'cd "$lib/ggml/backends0" || exit 127',
      `exec "$lib/${arch.loader}" --library-path "$lib:$lib/llama" "$root/usr/bin/llama-server" "$@"`,
      '',
    ].join('\n'),
  );
}

// ---------------------------------------------------------------------------------------
// A build from the llama.cpp source bundled in the npm package node-llama-cpp.

function buildFromSource() {
  for (const tool of ['npm', 'tar', 'git', 'cmake']) {
    if (!hasCommand(tool)) throw new StepError(`\`${tool}\` is not available`);
  }
  if (!hasCommand('c++') && !hasCommand('g++') && !hasCommand('clang++')) {
    throw new StepError('no C++ compiler (c++, g++ or clang++) is available');
  }
  const workDir = join(cacheDir, 'source-build', 'work');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });

  log(`source-build: npm pack node-llama-cpp@${NODE_LLAMA_CPP_VERSION} (tarball only, no install)`);
  run(
    'npm',
    ['pack', `node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`, '--pack-destination', workDir, '--silent'],
    { cwd: workDir, timeoutMs: 10 * MINUTE },
  );
  const tarball = readdirSync(workDir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new StepError('npm pack produced no tarball');
  run('tar', ['-xzf', join(workDir, tarball), '-C', workDir, 'package/llama/gitRelease.bundle'], {
    timeoutMs: 5 * MINUTE,
  });

  const sourceDir = join(workDir, 'llama-src');
  log('source-build: git clone of the bundled llama.cpp source');
  run(
    'git',
    ['clone', '--quiet', join(workDir, 'package', 'llama', 'gitRelease.bundle'), sourceDir],
    {
      timeoutMs: 10 * MINUTE,
    },
  );

  const buildDir = join(sourceDir, 'build');
  log('source-build: cmake configure (offline: no prebuilt web UI, no OpenSSL)');
  run(
    'cmake',
    [
      '-S',
      sourceDir,
      '-B',
      buildDir,
      '-DCMAKE_BUILD_TYPE=Release',
      // Defaults to ON and then fetches the web UI from the network.
      '-DLLAMA_USE_PREBUILT_UI=OFF',
      '-DLLAMA_BUILD_UI=OFF',
      '-DLLAMA_OPENSSL=OFF',
      '-DLLAMA_BUILD_TESTS=OFF',
      '-DLLAMA_BUILD_EXAMPLES=OFF',
      '-DBUILD_SHARED_LIBS=OFF',
    ],
    { timeoutMs: 15 * MINUTE },
  );
  log('source-build: cmake --build --target llama-server (about 11 minutes on 2 cores)');
  const started = Date.now();
  run('cmake', ['--build', buildDir, '--target', 'llama-server', '-j2'], {
    timeoutMs: 120 * MINUTE,
  });
  log(`source-build: build took ${Math.round((Date.now() - started) / 1000)} s`);

  const built = join(buildDir, 'bin', 'llama-server');
  if (!existsSync(built)) throw new StepError(`build finished but ${built} does not exist`);
  const binary = join(cacheDir, 'source-build', 'llama-server');
  copyFileSync(built, `${binary}.tmp`);
  chmodSync(`${binary}.tmp`, 0o755);
  renameSync(`${binary}.tmp`, binary);
  rmSync(workDir, { recursive: true, force: true });

  writeLauncher(
    [
      '#!/bin/sh',
      `# Generated by scripts/setup-llama-server.mjs, a source build from node-llama-cpp@${NODE_LLAMA_CPP_VERSION}.`,
      'here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P) || exit 127',
      'exec "$here/../source-build/llama-server" "$@"',
      '',
    ].join('\n'),
  );
}

// ---------------------------------------------------------------------------------------

/**
 * @param {readonly string[]} lines
 * @returns {never}
 */
function fail(lines) {
  const bar = '!'.repeat(78);
  process.stderr.write(`\n${bar}\n${lines.join('\n')}\n${bar}\n\n`);
  process.exit(1);
}

/** @typedef {'debian-packages' | 'source-build'} Method */

/**
 * The ways of getting the binary, by their `--method` name (`auto` tries them in this order).
 * @type {Readonly<Record<Method, () => void>>}
 */
const METHODS = {
  'debian-packages': installFromDebianPackages,
  'source-build': buildFromSource,
};

/**
 * @param {string} name
 * @returns {name is Method}
 */
function isMethod(name) {
  return Object.hasOwn(METHODS, name);
}

function main() {
  const args = process.argv.slice(2);
  const methodArg =
    args.find((a) => a.startsWith('--method='))?.slice('--method='.length) ?? 'auto';
  const force = args.includes('--force');
  const unknown = args.filter((a) => !a.startsWith('--method=') && a !== '--force');
  if (unknown.length > 0 || !(methodArg === 'auto' || isMethod(methodArg))) {
    fail([
      'usage: node scripts/setup-llama-server.mjs [--method=auto|debian-packages|source-build] [--force]',
    ]);
  }

  const override = process.env.LLAMA_SERVER_BIN;
  if (override) {
    const version = probeVersion(override);
    if (!version) {
      fail([
        `LLAMA_SERVER_BIN is set to ${override}, but \`${override} --version\` does not work.`,
        'Fix or unset LLAMA_SERVER_BIN (the test suite uses it too).',
      ]);
    }
    log(`using LLAMA_SERVER_BIN (${version})`);
    process.stdout.write(`${override}\n`);
    return;
  }

  if (!force) {
    const version = probeVersion(launcherPath, true);
    if (version) {
      log(`cached llama-server works (${version})`);
      process.stdout.write(`${launcherPath}\n`);
      return;
    }
  }

  /** @type {Method[]} */
  const methods = methodArg === 'auto' ? ['debian-packages', 'source-build'] : [methodArg];
  const failures = [];
  for (const method of methods) {
    const started = Date.now();
    try {
      METHODS[method]();
      const version = probeVersion(launcherPath);
      if (!version) throw new StepError(`the new launcher ${launcherPath} fails \`--version\``);
      log(`${method} done in ${((Date.now() - started) / 1000).toFixed(1)} s (${version})`);
      process.stdout.write(`${launcherPath}\n`);
      return;
    } catch (error) {
      if (!(error instanceof StepError)) throw error;
      log(`${method} failed: ${error.message}`);
      failures.push(`${method}: ${error.message.split('\n')[0]}`);
    }
  }
  fail([
    'Could not obtain a working llama-server. The llama-server integration tests WILL FAIL.',
    ...failures,
    'Options: fix the cause above and rerun `node scripts/setup-llama-server.mjs`,',
    '  force a method with --method=debian-packages or --method=source-build,',
    '  or point LLAMA_SERVER_BIN at a working llama-server executable.',
    `Cache directory: ${cacheDir}`,
  ]);
}

main();
