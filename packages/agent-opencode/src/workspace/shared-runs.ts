/** One run's presence in a workspace, from its snapshot to its diff. */
export interface ActiveRun {
  /** True when another run was active in the same workspace at any time during this one. */
  readonly shared: boolean;
  leave(): void;
}

const activeByWorkspace = new Map<string, Set<{ shared: boolean }>>();

/**
 * Records that a run is working in `workspace` (an absolute path) until it
 * leaves. Runs whose time in the same workspace overlaps all get
 * `shared: true`: each diff may then include the others' edits, since a
 * workspace has one state and no run owns it alone. Only runs of this process
 * are seen; a run of another process on the same directory is not detected.
 */
export function joinWorkspace(workspace: string): ActiveRun {
  let active = activeByWorkspace.get(workspace);
  if (active === undefined) {
    active = new Set();
    activeByWorkspace.set(workspace, active);
  }
  const run = { shared: active.size > 0 };
  for (const other of active) other.shared = true;
  active.add(run);
  const set = active;
  let left = false;
  return {
    get shared() {
      return run.shared;
    },
    leave() {
      if (left) return;
      left = true;
      set.delete(run);
      if (set.size === 0 && activeByWorkspace.get(workspace) === set) {
        activeByWorkspace.delete(workspace);
      }
    },
  };
}
