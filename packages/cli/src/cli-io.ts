/** Where a command writes, and what it knows of its surroundings. */
export interface CliIo {
  /** Results: streamed text, summaries, JSON lines. */
  out(text: string): void;
  /** Progress notes, warnings, errors and hints. */
  err(text: string): void;
  /** Colour `out` and `err` with ANSI escapes. */
  readonly color: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** The process's own streams and environment. Colour only on a terminal and without `NO_COLOR`. */
export function processIo(): CliIo {
  const env = process.env;
  const noColor = (env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb';
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: !noColor && process.stdout.isTTY === true && (env.FORCE_COLOR ?? '') !== '0',
    env,
    cwd: process.cwd(),
  };
}
