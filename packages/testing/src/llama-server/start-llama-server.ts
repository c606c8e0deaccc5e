import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TinyVocabTokenIds } from '../gguf/tiny-bpe-vocab.js';
import { type TinyGgufOptions, writeTinyGguf } from '../gguf/write-tiny-gguf.js';
import { type ChatTemplateName, chatTemplatePath } from './chat-templates.js';
import { findFreePort, isPortFree } from './free-port.js';
import { LlamaServerStartError } from './llama-server-errors.js';
import { type OwnedProcess, spawnOwnedProcess } from './owned-process.js';
import { resolveLlamaServerBinary } from './resolve-llama-server-binary.js';
import { servesModel } from './serves-model.js';
import { type HealthTarget, waitForHealth } from './wait-for-health.js';

export interface StartLlamaServerOptions {
  /**
   * The llama-server executable.
   * @default `LLAMA_SERVER_BIN`, else `.cache/llama-server/bin/llama-server` above this package
   */
  binary?: string;
  /**
   * Serve this GGUF file instead of a freshly generated tiny model.
   * @default a tiny random model written into the server's temporary directory
   */
  modelPath?: string;
  /**
   * Options for the generated tiny model (ignored with `modelPath`). For example
   * `{ paddingMerges: 1_000_000 }` keeps the server in its "loading" state for a second or two.
   * @default {}
   */
  model?: TinyGgufOptions;
  /**
   * Chat template passed with `--chat-template-file`; `embedded` uses the model's own
   * `tokenizer.chat_template` instead.
   * @default 'bare-json-tools'
   */
  template?: ChatTemplateName | 'embedded';
  /**
   * Model alias (`-a`): the id in `/v1/models` and the `model` of every reply.
   * @default 'tiny'
   */
  alias?: string;
  /** Starts the server with `--api-key`; every route but `/health` then needs it. */
  apiKey?: string;
  /**
   * Context size (`-c`).
   * @default 2048
   */
  contextSize?: number;
  /**
   * CPU threads (`-t`).
   * @default 2
   */
  threads?: number;
  /**
   * Enables `GET /metrics` (`--metrics`).
   * @default false
   */
  metrics?: boolean;
  /**
   * Appended to the command line as they are.
   * @default []
   */
  extraArgs?: readonly string[];
  /**
   * A fixed port. A port another process holds is a `port-conflict` error (no retry), even
   * when that process answers `/health` like a llama-server.
   * @default a free port, retried on a conflict
   */
  port?: number;
  /**
   * How many free ports to try when the chosen one is taken before llama-server binds it.
   * @default 5
   */
  portAttempts?: number;
  /**
   * `ready`: resolve once `/health` is 200. `listening`: resolve as soon as the server answers
   * at all, usually with 503 while it loads; then `loadingObserved` tells whether a 503 was
   * seen and `waitUntilReady()` finishes the wait.
   * @default 'ready'
   */
  waitFor?: HealthTarget;
  /**
   * Bound on each start attempt (spawn until `waitFor` is reached).
   * @default 60_000
   */
  startTimeoutMs?: number;
}

export interface LlamaServerProcessInfo {
  /** Pid of the watchdog shell; llama-server runs in its process group (`kill -- -pid`). */
  readonly pid: number;
  readonly binary: string;
  readonly binarySource: 'option' | 'env' | 'cache';
  readonly args: readonly string[];
}

export interface LlamaServer {
  /** Always `127.0.0.1`. */
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>`, no trailing slash and no `/v1`. */
  readonly baseUrl: string;
  /** `<baseUrl>/v1`, for OpenAI-compatible clients. */
  readonly openAIBaseUrl: string;
  readonly apiKey?: string;
  /** `Authorization: Bearer <apiKey>` when there is a key, else empty. */
  readonly authHeaders: Readonly<Record<string, string>>;
  readonly modelAlias: string;
  readonly modelPath: string;
  readonly contextSize: number;
  /** Ids of `{`, `{"` and `<|endoftext|>` when the tiny model was generated. */
  readonly tokenIds?: TinyVocabTokenIds;
  readonly process: LlamaServerProcessInfo;
  /** Whether a 503 "loading" answer was seen while starting. */
  readonly loadingObserved: boolean;
  /** Waits (bounded) until `/health` is 200; for servers started with `waitFor: 'listening'`. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  /** The last lines llama-server logged. */
  logs(): string;
  /** Stops the server and deletes its temporary directory. Idempotent. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function isBindConflict(log: string): boolean {
  return /couldn't bind|address already in use/i.test(log);
}

/**
 * Starts a real llama-server on 127.0.0.1 with the tiny random model (or `modelPath`), waits
 * for it (bounded) and returns its coordinates. The process cannot outlive its owner: call
 * `close()` when done, and it is killed anyway when the owning process exits.
 */
export async function startLlamaServer(
  options: StartLlamaServerOptions = {},
): Promise<LlamaServer> {
  const binary = await resolveLlamaServerBinary(
    options.binary === undefined ? {} : { binary: options.binary },
  );
  const alias = options.alias ?? 'tiny';
  const contextSize = options.contextSize ?? 2048;
  const threads = options.threads ?? 2;
  const template = options.template ?? 'bare-json-tools';
  const waitFor = options.waitFor ?? 'ready';
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const portAttempts = options.port === undefined ? (options.portAttempts ?? 5) : 1;

  const tempDir = await mkdtemp(join(tmpdir(), 'openjarvis-llama-'));
  const removeTempDir = () => rm(tempDir, { recursive: true, force: true });
  let child: OwnedProcess | undefined;
  try {
    let modelPath: string;
    let tokenIds: TinyVocabTokenIds | undefined;
    if (options.modelPath === undefined) {
      modelPath = join(tempDir, 'tiny.gguf');
      tokenIds = (await writeTinyGguf(modelPath, options.model ?? {})).tokenIds;
    } else {
      // llama-server may run in another working directory (the Debian-packages launcher cds).
      modelPath = resolve(options.modelPath);
    }

    if (options.port !== undefined && !(await isPortFree(HOST, options.port))) {
      throw new LlamaServerStartError(
        'port-conflict',
        `llama-server cannot use ${HOST}:${options.port}: another process already listens there`,
        '',
      );
    }
    const authHeaders: Record<string, string> =
      options.apiKey === undefined ? {} : { Authorization: `Bearer ${options.apiKey}` };

    for (let attempt = 1; ; attempt += 1) {
      const port = options.port ?? (await findFreePort(HOST));
      const args = [
        '-m',
        modelPath,
        '--host',
        HOST,
        '--port',
        String(port),
        '-c',
        String(contextSize),
        '-t',
        String(threads),
        '--jinja',
        ...(template === 'embedded' ? [] : ['--chat-template-file', chatTemplatePath(template)]),
        '-a',
        alias,
        ...(options.apiKey === undefined ? [] : ['--api-key', options.apiKey]),
        ...(options.metrics ? ['--metrics'] : []),
        ...(options.extraArgs ?? []),
      ];
      // The watchdog deletes the temporary directory if this process dies without close().
      child = spawnOwnedProcess(binary.path, args, { cleanupDir: tempDir });
      const baseUrl = `http://${HOST}:${port}`;
      const waited = await waitForHealth({
        baseUrl,
        until: waitFor,
        timeoutMs: startTimeoutMs,
        hasExited: child.hasExited,
      });

      // Someone else may have taken the port between the check and the bind: then the answers
      // came from that process while ours died of the conflict.
      const ours =
        waited.outcome !== 'reached' ||
        (waited.ready
          ? await servesModel(baseUrl, modelPath, authHeaders, 5_000)
          : !child.hasExited());
      if (waited.outcome === 'reached' && ours) {
        const started = child;
        child = undefined;
        return makeHandle({
          options,
          child: started,
          binary,
          args,
          port,
          baseUrl,
          alias,
          modelPath,
          contextSize,
          tokenIds,
          loadingObserved: waited.sawLoading,
          startTimeoutMs,
          removeTempDir,
        });
      }

      await child.stop();
      const log = child.logTail();
      if (waited.outcome === 'timeout') {
        const last = waited.last === undefined ? 'no answer' : JSON.stringify(waited.last);
        throw new LlamaServerStartError(
          'timeout',
          `llama-server did not become ${waitFor} on ${baseUrl} within ${startTimeoutMs} ms (last probe: ${last})`,
          log,
        );
      }
      if (!ours || isBindConflict(log)) {
        if (attempt < portAttempts) continue;
        throw new LlamaServerStartError(
          'port-conflict',
          `llama-server could not bind ${HOST}:${port} (attempt ${attempt} of ${portAttempts})`,
          log,
        );
      }
      const exit = await child.exited;
      throw new LlamaServerStartError(
        'exited',
        `llama-server (${binary.path}) exited before it was ${waitFor} (code ${exit.code}, signal ${exit.signal})`,
        log,
      );
    }
  } catch (error) {
    await child?.stop();
    await removeTempDir();
    throw error;
  }
}

interface HandleParts {
  readonly options: StartLlamaServerOptions;
  readonly child: OwnedProcess;
  readonly binary: { readonly path: string; readonly source: 'option' | 'env' | 'cache' };
  readonly args: readonly string[];
  readonly port: number;
  readonly baseUrl: string;
  readonly alias: string;
  readonly modelPath: string;
  readonly contextSize: number;
  readonly tokenIds: TinyVocabTokenIds | undefined;
  readonly loadingObserved: boolean;
  readonly startTimeoutMs: number;
  readonly removeTempDir: () => Promise<void>;
}

function makeHandle(parts: HandleParts): LlamaServer {
  const { child, options } = parts;
  let closing: Promise<void> | undefined;
  return {
    host: HOST,
    port: parts.port,
    baseUrl: parts.baseUrl,
    openAIBaseUrl: `${parts.baseUrl}/v1`,
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    authHeaders: options.apiKey === undefined ? {} : { Authorization: `Bearer ${options.apiKey}` },
    modelAlias: parts.alias,
    modelPath: parts.modelPath,
    contextSize: parts.contextSize,
    ...(parts.tokenIds === undefined ? {} : { tokenIds: parts.tokenIds }),
    process: {
      pid: child.pid,
      binary: parts.binary.path,
      binarySource: parts.binary.source,
      args: parts.args,
    },
    loadingObserved: parts.loadingObserved,
    async waitUntilReady(timeoutMs = parts.startTimeoutMs) {
      const waited = await waitForHealth({
        baseUrl: parts.baseUrl,
        until: 'ready',
        timeoutMs,
        hasExited: child.hasExited,
      });
      if (waited.outcome === 'reached') return;
      throw new LlamaServerStartError(
        waited.outcome,
        waited.outcome === 'timeout'
          ? `llama-server on ${parts.baseUrl} was not ready within ${timeoutMs} ms`
          : `llama-server on ${parts.baseUrl} exited while loading`,
        child.logTail(),
      );
    },
    logs: () => child.logTail(),
    close() {
      closing ??= (async () => {
        try {
          await child.stop();
        } finally {
          await parts.removeTempDir();
        }
      })();
      return closing;
    },
  };
}
