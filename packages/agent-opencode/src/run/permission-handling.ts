import type { PermissionReply } from '@openjarvis/core';

/** A permission opencode asks for during a run. */
export interface PermissionRequest {
  requestId: string;
  sessionId: string;
  runId: string;
  /** e.g. `bash`, `edit`, `external_directory`, `doom_loop`. */
  permission: string;
  patterns: string[];
  metadata: Record<string, unknown>;
  callId?: string;
}

/** Answers a permission request. The signal aborts when the run ends or the answer times out. */
export type PermissionCallback = (
  request: PermissionRequest,
  context: { signal: AbortSignal },
) => PermissionReply | Promise<PermissionReply>;

/**
 * Static answers by permission name, `*` for the rest. Unlisted permissions
 * are rejected: an unattended run must never wait on a question.
 */
export type PermissionPolicy = Partial<Record<string, PermissionReply>>;

export interface DecidedReply {
  reply: PermissionReply;
  by: 'policy' | 'callback' | 'timeout';
}

export async function decidePermission(
  request: PermissionRequest,
  options: {
    callback: PermissionCallback | undefined;
    policy: PermissionPolicy;
    timeoutMs: number;
    signal: AbortSignal;
  },
): Promise<DecidedReply> {
  if (options.callback === undefined) {
    return {
      reply: options.policy[request.permission] ?? options.policy['*'] ?? 'reject',
      by: 'policy',
    };
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onRunEnd: () => void = () => {};
  // Settles on the timeout, or as soon as the run ends: a callback that never
  // answers must not keep a timer (and the process) alive after the run.
  const timeout = new Promise<DecidedReply>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ reply: 'reject', by: 'timeout' });
    }, options.timeoutMs);
    onRunEnd = () => {
      controller.abort();
      resolve({ reply: 'reject', by: 'timeout' });
    };
    if (options.signal.aborted) onRunEnd();
    else options.signal.addEventListener('abort', onRunEnd, { once: true });
  });
  try {
    const answered = Promise.resolve(options.callback(request, { signal: controller.signal })).then(
      (reply): DecidedReply => ({ reply: isReply(reply) ? reply : 'reject', by: 'callback' }),
      (): DecidedReply => ({ reply: 'reject', by: 'callback' }),
    );
    return await Promise.race([answered, timeout]);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onRunEnd);
  }
}

function isReply(value: unknown): value is PermissionReply {
  return value === 'once' || value === 'always' || value === 'reject';
}
