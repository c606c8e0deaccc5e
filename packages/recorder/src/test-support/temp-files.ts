import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs: string[] = [];

/** A path named `name` in a new temporary directory. */
export async function tempPath(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'openjarvis-recorder-'));
  dirs.push(dir);
  return join(dir, name);
}

/** Removes every directory `tempPath` made. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
