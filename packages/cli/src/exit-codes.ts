/** The exit codes of `jarvis`. */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** The run failed: the agent reported an error, no engine answered, the demo went wrong. */
  failed: 1,
  /** Bad arguments or a bad config file; nothing was run. */
  usage: 2,
  /** Interrupted by Ctrl-C (SIGINT); the run was aborted and its processes stopped. */
  interrupted: 130,
  /** Stopped by SIGTERM, cleaned up the same way. */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
