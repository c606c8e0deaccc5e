import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { platform } from 'node:os';

/**
 * How `opencode serve` is kept from outliving its owner on this machine:
 * - `namespace` (Linux with util-linux `unshare` and PID namespaces allowed, as
 *   root or through an unprivileged user namespace): a supervisor process runs
 *   as pid 1 of a new PID namespace with opencode inside. Whatever the owner's
 *   death, the supervisor sees its lifeline close, kills everything in the
 *   namespace and removes the private config directory.
 * - `supervisor` (Linux without PID namespaces): the same supervisor, which
 *   kills opencode's process tree instead; a process that left the tree
 *   (double-forked) can survive.
 * - `off` (macOS, Windows, or Linux without `/proc`): opencode is the owner's
 *   child; exit handlers stop it and remove the directory, which a SIGKILL of
 *   the owner skips (the next start sweeps the directory).
 *
 * `OPENJARVIS_OPENCODE_ISOLATION` (`namespace`, `supervisor` or `off`) asks
 * for a weaker level than the best available, e.g. to compare their cost.
 */
export type IsolationLevel = 'namespace' | 'supervisor' | 'off';

export interface ProcessIsolation {
  level: IsolationLevel;
  /** The command words that put what follows into its own PID namespace. */
  namespacePrefix: readonly string[];
}

export const isolationVariable = 'OPENJARVIS_OPENCODE_ISOLATION';

let detected: ProcessIsolation | undefined;

/** The best isolation this machine allows, probed once per process (a few ms). */
export function processIsolation(env: NodeJS.ProcessEnv = process.env): ProcessIsolation {
  detected ??= detect();
  const wanted = env[isolationVariable];
  if (wanted === 'off') return { level: 'off', namespacePrefix: [] };
  if (wanted === 'supervisor' && detected.level === 'namespace') {
    return { level: 'supervisor', namespacePrefix: [] };
  }
  return detected;
}

function detect(): ProcessIsolation {
  if (platform() !== 'linux' || !existsSync('/proc/self/stat')) {
    return { level: 'off', namespacePrefix: [] };
  }
  const pidNamespace = ['--pid', '--fork', '--kill-child'];
  // Root can create a PID namespace directly (unless a container forbids it);
  // anyone else needs a user namespace, mapped to the same user so tool
  // commands do not run as an apparent root.
  const candidates = [
    ...(process.getuid?.() === 0 ? [pidNamespace] : []),
    ['--user', '--map-current-user', ...pidNamespace],
    ['--user', '--map-root-user', ...pidNamespace],
  ];
  for (const flags of candidates) {
    const probe = spawnSync('unshare', [...flags, 'sh', '-c', 'test $$ = 1'], {
      stdio: 'ignore',
      timeout: 3_000,
    });
    if (probe.status === 0) return { level: 'namespace', namespacePrefix: ['unshare', ...flags] };
  }
  return { level: 'supervisor', namespacePrefix: [] };
}
