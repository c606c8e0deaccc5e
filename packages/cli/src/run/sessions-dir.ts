import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `jarvis run` keeps opencode's sessions, so that a later
 * `jarvis run --continue <id>` (another process, another server) finds them:
 * `$XDG_DATA_HOME/openjarvis/opencode`, else `~/.local/share/openjarvis/opencode`.
 * A config's own `dataDir` wins.
 */
export function sessionsDir(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_DATA_HOME;
  const data = base === undefined || base === '' ? join(homedir(), '.local', 'share') : base;
  return join(data, 'openjarvis', 'opencode');
}
