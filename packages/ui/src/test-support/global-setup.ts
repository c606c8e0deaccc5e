import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The server serves the compiled page: compile it from the current source, so no test sees a stale one. */
export default function setup(): void {
  const dir = fileURLToPath(new URL('../../', import.meta.url));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.web.json'], { cwd: dir, stdio: 'inherit' });
}
