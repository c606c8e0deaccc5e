import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EventBus, SecretRedactor } from '@openjarvis/core';
import { recordBusToJsonl } from '@openjarvis/recorder';
import { UsageError } from '../usage-error.js';

/** A `--record` file being written. */
export interface RunRecording {
  readonly path: string;
  /** Writes what is left and closes the file; resolves with the write error, if any. */
  close(): Promise<Error | undefined>;
}

/**
 * Where `--record <file>` writes, resolved against the working directory.
 * Checked before anything runs, so a typo in the directory is a usage error
 * (exit 2) rather than a run whose record is lost.
 */
export function recordPath(file: string, cwd: string): string {
  const path = resolve(cwd, file);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dirname(path)).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) throw new UsageError(`--record ${file}: no such directory ${dirname(path)}`);
  return path;
}

/**
 * Records every event of the run to `path` as JSON lines through
 * `@openjarvis/recorder` (the file `replayJsonl` and `readJsonl` read), with
 * secret-named fields and the agent's secrets redacted.
 */
export function recordRun(bus: EventBus, path: string, secrets: SecretRedactor): RunRecording {
  let failure: Error | undefined;
  const recorder = recordBusToJsonl(bus, path, {
    secrets,
    onError: (error) => {
      failure ??= error;
    },
  });
  return {
    path,
    close: () =>
      recorder.close().then(
        () => failure,
        (error: unknown) => failure ?? (error instanceof Error ? error : new Error(String(error))),
      ),
  };
}
