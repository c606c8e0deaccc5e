/** No usable llama-server executable was found. */
export class LlamaServerNotFoundError extends Error {
  readonly code = 'LLAMA_SERVER_NOT_FOUND';
  /** Every place that was looked at, in order. */
  readonly searched: readonly string[];

  constructor(message: string, searched: readonly string[]) {
    super(
      `${message}\nSearched: ${searched.join(', ') || '(nothing)'}\n` +
        'Run `node scripts/setup-llama-server.mjs` from the repository root, ' +
        'or set LLAMA_SERVER_BIN to a llama-server executable.',
    );
    this.name = 'LlamaServerNotFoundError';
    this.searched = searched;
  }
}

/** Why a llama-server did not come up. */
export type LlamaServerStartFailure =
  /** The process ended before it was ready (bad flags, unloadable model, …). */
  | 'exited'
  /** It did not become ready within the start timeout. */
  | 'timeout'
  /** Every port tried was taken. */
  | 'port-conflict';

/** llama-server was found but did not start; `logTail` holds its last log lines. */
export class LlamaServerStartError extends Error {
  readonly code = 'LLAMA_SERVER_START_FAILED';
  readonly reason: LlamaServerStartFailure;
  readonly logTail: string;

  constructor(reason: LlamaServerStartFailure, message: string, logTail: string) {
    super(`${message}\n--- llama-server log (last lines) ---\n${logTail || '(empty)'}`);
    this.name = 'LlamaServerStartError';
    this.reason = reason;
    this.logTail = logTail;
  }
}
