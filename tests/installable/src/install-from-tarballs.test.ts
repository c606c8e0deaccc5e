import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandOutcome, pnpmCommand, runCommand } from './run-command.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const consumerDir = fileURLToPath(new URL('../consumer', import.meta.url));
const publishable = readdirSync(join(root, 'packages')).filter(
  (dir) => !readPackage(join(root, 'packages', dir)).private,
);

let project: string;
let tarballs: Map<string, string>;
let packed: CommandOutcome;
let installed: CommandOutcome;

function readPackage(dir: string): {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

function fail(step: string, outcome: CommandOutcome): string {
  return `${step} exited ${outcome.code}\n${outcome.stdout.slice(-4000)}\n${outcome.stderr.slice(-4000)}`;
}

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'jarvis-install-'));
  const destination = join(project, 'tarballs');
  // pnpm pack runs each package's prepack (the build) and rewrites workspace:* to versions.
  const pnpm = pnpmCommand();
  packed = await runCommand(
    pnpm.command,
    [...pnpm.prefix, '-r', '--filter', './packages/*', 'pack', '--pack-destination', destination],
    { cwd: root, timeoutMs: 240_000 },
  );
  if (packed.code !== 0) return;
  tarballs = new Map(
    publishable.map((dir) => {
      const { name, version } = readPackage(join(root, 'packages', dir));
      return [name, join(destination, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`)];
    }),
  );
  const opencode = readPackage(join(root, 'packages', 'cli')).dependencies?.['opencode-ai'];
  const devTools = readPackage(join(root, 'tests', 'installable')) as unknown as {
    devDependencies: Record<string, string>;
  };
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'jarvis-consumer',
      private: true,
      type: 'module',
      dependencies: {
        ...Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`])),
        'opencode-ai': opencode,
      },
      devDependencies: {
        typescript: devTools.devDependencies.typescript,
        '@types/node': devTools.devDependencies['@types/node'],
      },
    }),
  );
  cpSync(join(consumerDir, 'main.ts'), join(project, 'main.ts'));
  cpSync(join(consumerDir, 'tsconfig.json'), join(project, 'tsconfig.json'));
  // Plain npm, as a user would; third-party packages come from the registry (or npm's cache).
  installed = await runCommand(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    { cwd: project, timeoutMs: 240_000 },
  );
});

afterAll(() => {
  if (project !== undefined) rmSync(project, { recursive: true, force: true });
});

describe('every package, packed and installed with npm into a fresh project', () => {
  it('packs to a tarball with its built dist and LICENSE, no tests, no workspace: ranges', async () => {
    expect(packed.code, fail('pnpm pack', packed)).toBe(0);
    for (const [name, file] of tarballs) {
      const listing = await runCommand('tar', ['-tzf', file], { cwd: project, timeoutMs: 30_000 });
      expect(listing.code, `${name}: ${listing.stderr}`).toBe(0);
      const files = listing.stdout.trim().split('\n');
      expect(files, name).toContain('package/LICENSE');
      expect(files, name).toContain('package/README.md');
      expect(
        files.filter((path) => /test-support|\.test\.|tsbuildinfo|\/src\/.*\.ts$/.test(path)),
        name,
      ).toEqual([]);
      const manifest = await runCommand('tar', ['-xzOf', file, 'package/package.json'], {
        cwd: project,
        timeoutMs: 30_000,
      });
      expect(manifest.stdout, name).not.toContain('workspace:');
      const parsed = JSON.parse(manifest.stdout) as Record<string, unknown> & {
        exports: Record<string, { types: string; default: string }> & {
          '.': { types: string; default: string };
        };
      };
      expect(Object.keys(parsed), name).toEqual(
        expect.arrayContaining(['license', 'repository', 'engines', 'publishConfig']),
      );
      // What the package's main entry points at is in the tarball, built.
      const main = parsed.exports['.'];
      expect(main.default, name).toMatch(/^\.\/dist\/.*\.js$/);
      expect(files, name).toContain(`package/${main.default.slice(2)}`);
      expect(files, name).toContain(`package/${main.types.slice(2)}`);
      // So is what each subpath export (`@openjarvis/testing/fake-engines`, …) points at.
      for (const [subpath, entry] of Object.entries(parsed.exports)) {
        expect(files, `${name} ${subpath}`).toContain(`package/${entry.default.slice(2)}`);
        expect(files, `${name} ${subpath}`).toContain(`package/${entry.types.slice(2)}`);
      }
    }
  });

  it('installs with plain npm', () => {
    expect(installed.code, fail('npm install', installed)).toBe(0);
  });

  it('type-checks a strict consumer (nodenext, exactOptionalPropertyTypes, no skipLibCheck)', async () => {
    const compiled = await runCommand(
      process.execPath,
      [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
      { cwd: project, timeoutMs: 120_000 },
    );
    expect(compiled.code, fail('tsc', compiled)).toBe(0);
  });

  it('runs the consumer: opencode does the work on the stand-in model', async () => {
    const ran = await runCommand(process.execPath, [join(project, 'dist', 'main.js')], {
      cwd: project,
      timeoutMs: 90_000,
    });
    expect(ran.code, fail('node dist/main.js', ran)).toBe(0);
    const summary = JSON.parse(ran.stdout.trim().split('\n').at(-1) ?? '') as {
      error: string | null;
      content: string;
      tools: string[];
      written: string;
    };
    expect(summary.error).toBeNull();
    expect(summary.tools).toEqual(['write:ok', 'bash:ok']);
    expect(summary.written).toBe('Hello from the OpenJarvis demo.\n');
    expect(summary.content).toContain('32 hello.txt');
  });

  it('runs `npx jarvis demo` from the project', async () => {
    const demo = await runCommand('npx', ['jarvis', 'demo'], {
      cwd: project,
      timeoutMs: 90_000,
      env: { NO_COLOR: '1' },
    });
    expect(demo.code, fail('npx jarvis demo', demo)).toBe(0);
    expect(demo.stdout).toContain(
      'The tools wrote hello.txt: "Hello from the OpenJarvis demo.\\n"',
    );
    expect(demo.stdout).toContain('temporary workspace removed');
  });
});
