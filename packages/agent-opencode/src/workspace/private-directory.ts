import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExit } from 'signal-exit';
import { ownerFile, sweepOrphans } from '../server/scratch-directory.js';

/** A directory outside the workspace that holds one agent's private git state. */
export interface PrivateDirectory {
  root: string;
  remove(): Promise<void>;
}

const prefix = 'openjarvis-diff-';

/**
 * Creates a directory only the current user can read, for the snapshots of
 * one workspace. Snapshots hold copies of the workspace's files, so the
 * directory does not outlive its owner: it is removed on close, when the
 * process exits, and (after a SIGKILL) by the next one created, which sweeps
 * directories whose owner is gone.
 */
export async function createPrivateDirectory(): Promise<PrivateDirectory> {
  await sweepOrphans(prefix);
  const root = await mkdtemp(join(tmpdir(), prefix));
  const removeOnExit = onExit(() => {
    rmSync(root, { recursive: true, force: true });
  });
  await chmod(root, 0o700);
  await writeFile(join(root, ownerFile), String(process.pid));
  return {
    root,
    remove: async () => {
      removeOnExit();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
