import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Compiles a package with its own TypeScript (`tsc -p tsconfig.build.json`),
 * for tests that run the built program: a vitest `globalSetup` calls it so
 * the test never runs a stale `dist`.
 */
export function buildWithTsc(packageDir: string | URL): void {
  const dir = typeof packageDir === 'string' ? packageDir : fileURLToPath(packageDir);
  const tsc = createRequire(join(dir, 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: dir,
    stdio: 'inherit',
  });
}
