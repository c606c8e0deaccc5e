import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file the page is made of, held in memory. */
export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
}

// This module runs from dist/node/server/ when built and from src/server/
// under vitest; both find the package's root by its package.json.
const root = packageRoot(dirname(fileURLToPath(import.meta.url)));
const webDir = join(root, 'dist', 'web');
const staticDir = join(root, 'static');

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/**
 * Every file the page needs, keyed by the URL path it is served at: the page
 * at `/`, the rest under `/assets/`. Only these are ever served, so no request
 * path reaches the file system.
 */
export async function loadAssets(): Promise<ReadonlyMap<string, Asset>> {
  const assets = new Map<string, Asset>();
  const add = async (urlPath: string, file: string) => {
    const extension = file.slice(file.lastIndexOf('.'));
    const contentType = contentTypes[extension];
    if (contentType === undefined) return;
    assets.set(urlPath, { body: await readFile(file), contentType });
  };
  await add('/', join(staticDir, 'index.html'));
  await add('/assets/style.css', join(staticDir, 'style.css'));
  const modules = await readdir(webDir).catch((error: unknown) => {
    throw new Error(
      `the page's scripts are missing (${webDir}); build @openjarvis/ui first: ${String(error)}`,
    );
  });
  for (const name of modules) {
    if (name.endsWith('.js') && !name.includes('.test.')) {
      await add(`/assets/${name}`, join(webDir, name));
    }
  }
  return assets;
}

function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
