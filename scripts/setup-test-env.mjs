#!/usr/bin/env node
// Installs what the test suite needs beyond Node and npm: ripgrep (opencode's
// grep and glob tools use it; without it opencode tries to download one), git
// (the agent's workspace diffs), chromium (the UI tests drive it with
// playwright-core, which downloads no browser), nats-server (the fleet's
// JetStream) and a real llama-server. Fails loudly rather than letting tests
// skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** @param {string} command */
function onPath(command) {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, command)));
}

/** @param {string[]} packages */
function aptInstall(packages) {
  const isRoot = process.getuid?.() === 0;
  const prefix = isRoot ? [] : onPath('sudo') ? ['sudo', '-n'] : undefined;
  if (prefix === undefined || !onPath('apt-get')) {
    throw new Error(
      `cannot install ${packages.join(', ')}: need root (or passwordless sudo) and apt-get`,
    );
  }
  /** @param {string[]} args */
  const run = (args) => {
    // The list is never empty; the default only tells the type checker so.
    const [command = 'apt-get', ...rest] = [...prefix, 'apt-get', ...args];
    const result = spawnSync(command, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 10 * 60_000,
    });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
  };
  run(['update', '-qq']);
  run(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

/**
 * @param {string} name
 * @param {() => void} fn
 */
function step(name, fn) {
  process.stdout.write(`setup-test-env: ${name}\n`);
  try {
    fn();
  } catch (error) {
    process.stderr.write(
      `\nsetup-test-env: FAILED: ${name}: ${error instanceof Error ? error.message : error}\n`,
    );
    process.exit(1);
  }
}

step('ripgrep', () => {
  if (onPath('rg')) return;
  aptInstall(['ripgrep']);
  execFileSync('rg', ['--version'], { stdio: 'ignore' });
});

step('chromium', () => {
  if (existsSync('/usr/bin/chromium')) return;
  aptInstall(['chromium']);
  execFileSync('/usr/bin/chromium', ['--version'], { stdio: 'ignore' });
});

// OpenCodeAgent takes each run's workspace diff with git (a private git
// directory outside the workspace).
step('git', () => {
  if (onPath('git')) return;
  aptInstall(['git']);
  execFileSync('git', ['--version'], { stdio: 'ignore' });
});

// The fleet's tests start their own JetStream server (packages/transport-nats).
step('nats-server', () => {
  if (onPath('nats-server')) return;
  aptInstall(['nats-server']);
  execFileSync('nats-server', ['--version'], { stdio: 'ignore' });
});

const llamaScript = join(root, 'scripts', 'setup-llama-server.mjs');
if (existsSync(llamaScript)) {
  step('llama-server', () => {
    const result = spawnSync(process.execPath, [llamaScript], {
      stdio: 'inherit',
      timeout: 30 * 60_000,
    });
    if (result.status !== 0) throw new Error('scripts/setup-llama-server.mjs failed (see above)');
  });
}
