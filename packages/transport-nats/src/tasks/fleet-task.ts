import { FleetError } from '../errors.js';

/** Where a task runs: a directory on the worker, or a git repository the worker checks out. */
export type TaskWorkspace =
  | string
  | {
      /** A URL (or path) `git clone` accepts. */
      git: string;
      /** @default the repository's default branch (`HEAD`) */
      ref?: string;
    };

/** One coding task for the fleet. */
export interface FleetTask {
  /** Unique; submitting the same id again does nothing. Letters, digits, `_`, `-` (≤ 128). */
  id: string;
  /** The name of an agent in the worker's config file. */
  agent: string;
  /** What the agent is asked to do. */
  input: string;
  workspace: TaskWorkspace;
  /** Abort the run after this long (its outcome is then `failed`). @default no limit */
  timeoutMs?: number;
  /** W3C trace context the run continues; `submit` fills in the caller's active one. */
  traceparent?: string;
}

const idPattern = /^[A-Za-z0-9_-]{1,128}$/;

/** Checks a task's shape; throws a `FleetError` (`invalid_task`) naming the first bad field. */
export function validateTask(value: unknown): FleetTask {
  if (typeof value !== 'object' || value === null) throw invalid('the task is not an object');
  const task = value as Partial<Record<keyof FleetTask, unknown>>;
  if (typeof task.id !== 'string' || !idPattern.test(task.id)) {
    throw invalid('id must be 1–128 letters, digits, "_" or "-"');
  }
  if (typeof task.agent !== 'string' || task.agent === '') throw invalid('agent must be a name');
  if (typeof task.input !== 'string' || task.input === '') throw invalid('input must be text');
  const workspace = task.workspace;
  if (typeof workspace === 'string') {
    if (workspace === '') throw invalid('workspace must not be empty');
  } else if (typeof workspace === 'object' && workspace !== null) {
    const git = (workspace as { git?: unknown; ref?: unknown }).git;
    const ref = (workspace as { ref?: unknown }).ref;
    if (typeof git !== 'string' || git === '') throw invalid('workspace.git must be a URL');
    if (ref !== undefined && (typeof ref !== 'string' || ref === '' || ref.startsWith('-'))) {
      throw invalid('workspace.ref must be a branch, tag or commit');
    }
  } else {
    throw invalid('workspace must be a path or { git, ref }');
  }
  if (
    task.timeoutMs !== undefined &&
    (typeof task.timeoutMs !== 'number' || !Number.isFinite(task.timeoutMs) || task.timeoutMs <= 0)
  ) {
    throw invalid('timeoutMs must be a positive number');
  }
  if (task.traceparent !== undefined && typeof task.traceparent !== 'string') {
    throw invalid('traceparent must be a string');
  }
  return value as FleetTask;
}

/** `--workspace` text: a git URL (`.git` suffix or a URL scheme, `#ref` optional) or a path. */
export function parseWorkspace(text: string): TaskWorkspace {
  const [url, ref] = text.split('#', 2) as [string, string | undefined];
  const isGit =
    /^(https?|ssh|git|file):\/\//.test(url) ||
    /^[\w.-]+@[\w.-]+:/.test(url) ||
    url.endsWith('.git');
  if (!isGit) return text;
  return ref === undefined || ref === '' ? { git: url } : { git: url, ref };
}

function invalid(why: string): FleetError {
  return new FleetError('invalid_task', `invalid task: ${why}`);
}
