import { statSync } from 'node:fs';

/** Why `workspace` cannot be opencode's working directory, or undefined when it can. */
export function checkWorkspace(workspace: string): string | undefined {
  try {
    if (!statSync(workspace).isDirectory()) return `the workspace ${workspace} is not a directory`;
    return undefined;
  } catch {
    return `the workspace ${workspace} does not exist; create it or pass an existing directory as workspace`;
  }
}
