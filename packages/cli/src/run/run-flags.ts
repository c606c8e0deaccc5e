import type { CliIo } from '../cli-io.js';
import { heartbeatMsFromEnv } from '../output/model-wait-heartbeat.js';
import type { ExecuteRunOptions } from './execute-run.js';
import { recordPath } from './record-run.js';

/** `--timeout`, `--record` and the heartbeat pace, checked before anything starts. */
export function runFlags(
  args: { timeoutMs?: number; record?: string },
  io: CliIo,
): Pick<ExecuteRunOptions, 'timeoutMs' | 'recordPath' | 'heartbeatMs'> {
  const heartbeatMs = heartbeatMsFromEnv(io.env);
  return {
    ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
    ...(args.record === undefined ? {} : { recordPath: recordPath(args.record, io.cwd) }),
    ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
  };
}
