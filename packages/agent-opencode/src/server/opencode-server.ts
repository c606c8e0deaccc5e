import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '@openjarvis/core';
import { type OpenCodeEventHub, openEventHub } from '../client/event-hub.js';
import { OpenCodeClient } from '../client/opencode-client.js';
import type { OpenCodeConfig } from '../config/build-opencode-config.js';
import { OpenCodeError } from '../errors.js';
import { descendantsOf, signalAll } from './process-tree.js';
import { createScratchDirectory, type ScratchDirectory } from './scratch-directory.js';
import type { ServerConnection } from './server-connection.js';
import { serverEnvironment } from './server-environment.js';
import { launchServer, type ServerExit, type ServerLaunch } from './server-launch.js';

export type { ServerExit } from './server-launch.js';

export interface OpenCodeServerOptions {
  binary: string;
  workspace: string;
  hostname: string;
  port: number;
  username: string;
  password: string;
  config: OpenCodeConfig;
  ripgrep: string | undefined;
  dataDir: string | undefined;
  ignoreProjectConfig: boolean;
  env: Record<string, string> | undefined;
  startupTimeoutMs: number;
  requestTimeoutMs: number;
}

const listeningLine = /opencode server listening on (https?:\/\/\S+)/i;
const outputLinesKept = 40;
const gracefulExitMs = 5_000;

/** One running `opencode serve` this process started: its process, HTTP client and event stream. */
export class OpenCodeServer implements ServerConnection {
  readonly owned = true;
  readonly url: string;
  readonly client: OpenCodeClient;
  readonly events: OpenCodeEventHub;
  /** opencode's own pid (not the supervisor's), as this process sees it. */
  readonly pid: number;
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<ServerExit>;
  readonly #process: ServerLaunch;
  readonly #scratch: ScratchDirectory;
  #exit: ServerExit | undefined;
  #disposing: Promise<void> | undefined;
  readonly #exitListeners = new Set<(exit: ServerExit) => void>();

  private constructor(parts: {
    url: string;
    client: OpenCodeClient;
    events: OpenCodeEventHub;
    process: ServerLaunch;
    pid: number;
    exited: Promise<ServerExit>;
    scratch: ScratchDirectory;
  }) {
    this.url = parts.url;
    this.client = parts.client;
    this.events = parts.events;
    this.#process = parts.process;
    this.pid = parts.pid;
    this.#scratch = parts.scratch;
    this.exited = parts.exited.then(async (exit) => {
      this.#exit = exit;
      for (const listener of this.#exitListeners) listener(exit);
      this.#exitListeners.clear();
      this.events.close();
      // A server that died on its own still leaves no config behind.
      if (this.#disposing === undefined) await this.#scratch.remove().catch(() => {});
      return exit;
    });
  }

  get alive(): boolean {
    return this.#exit === undefined && this.#disposing === undefined;
  }

  /**
   * Calls `listener` when the process exits. Returns a function that removes
   * it: a run that ends first must not stay referenced until the server dies.
   */
  onExit(listener: (exit: ServerExit) => void): () => void {
    if (this.#exit !== undefined) {
      listener(this.#exit);
      return () => {};
    }
    this.#exitListeners.add(listener);
    return () => this.#exitListeners.delete(listener);
  }

  /** `{ address, port }` of the listening URL. */
  get address(): { address: string; port: number } {
    const url = new URL(this.url);
    return { address: url.hostname, port: Number(url.port) };
  }

  /**
   * Spawns `opencode serve` and resolves once it is really ready: listening,
   * its config loaded (`GET /config` answers JSON), and the event stream open.
   */
  static async start(options: OpenCodeServerOptions): Promise<OpenCodeServer> {
    const deadline = Date.now() + options.startupTimeoutMs;
    const scratch = await createScratchDirectory(options.config, {
      ripgrep: options.ripgrep,
      dataDir: options.dataDir,
    });
    const env = serverEnvironment({
      base: process.env,
      scratch,
      username: options.username,
      password: options.password,
      inMemoryDatabase: options.dataDir === undefined,
      ignoreProjectConfig: options.ignoreProjectConfig,
      extra: options.env,
    });
    const output: string[] = [];
    let resolveUrl: (url: string) => void = () => {};
    const urlFound = new Promise<string>((resolve) => {
      resolveUrl = resolve;
    });
    // Both pipes are drained for the whole life of the process, so a chatty
    // opencode can never stall on a full pipe.
    const child = launchServer({
      binary: options.binary,
      args: ['serve', '--hostname', options.hostname, '--port', String(options.port)],
      cwd: options.workspace,
      env,
      scratchRoot: scratch.root,
      onOutput: (chunk) => {
        for (const line of chunk.toString('utf8').split(/\r?\n/)) {
          if (line.trim() === '') continue;
          output.push(stripAnsi(line));
          if (output.length > outputLinesKept) output.shift();
          const match = listeningLine.exec(line);
          if (match?.[1] !== undefined) resolveUrl(match[1]);
        }
      },
    });
    const exited = child.exited;

    const fail = async (message: string, cause?: unknown): Promise<never> => {
      child.destroy();
      await Promise.race([exited, sleep(2_000, undefined, { ref: false })]);
      await scratch.remove();
      const tail = output.slice(-10).join('\n');
      throw new OpenCodeError(
        'server_start_failed',
        `${message}${tail === '' ? '' : `\nopencode printed:\n${tail}`}`,
        { cause },
      );
    };

    const first = await Promise.race([
      urlFound.then((url) => ({ kind: 'url' as const, url })),
      exited.then((exit) => ({ kind: 'exit' as const, exit })),
      // Unref'd: a race the URL wins must not keep the process alive until the deadline.
      sleep(Math.max(0, deadline - Date.now()), undefined, { ref: false }).then(() => ({
        kind: 'timeout' as const,
      })),
    ]);
    if (first.kind === 'exit') {
      return fail(
        `opencode server exited during startup (code ${first.exit.code ?? 'none'}, signal ${first.exit.signal ?? 'none'})`,
      );
    }
    if (first.kind === 'timeout') {
      return fail(
        `opencode server did not report a listening URL within ${options.startupTimeoutMs} ms`,
      );
    }

    // The supervisor reports opencode's pid as soon as it spawned it, well
    // before opencode prints its URL.
    const pid = await Promise.race([child.pid, exited.then(() => undefined)]);
    if (pid === undefined) return fail('opencode server exited during startup');

    const client = new OpenCodeClient({
      baseUrl: first.url,
      username: options.username,
      password: options.password,
      requestTimeoutMs: options.requestTimeoutMs,
    });
    try {
      await waitUntilReady(client, deadline, exited);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error), error);
    }
    let events: OpenCodeEventHub;
    try {
      events = await openEventHub(client);
    } catch (error) {
      return fail(`opencode's event stream did not open: ${String(error)}`, error);
    }
    return new OpenCodeServer({
      url: client.baseUrl,
      client,
      events,
      process: child,
      pid,
      exited,
      scratch,
    });
  }

  /**
   * Stops the server and everything it started: aborts busy sessions (which
   * also ends their bash commands), asks opencode to dispose, sends SIGTERM,
   * then SIGKILL after a grace period, signals any descendant still alive, and
   * deletes the private directory with the config. Idempotent.
   */
  dispose(): Promise<void> {
    this.#disposing ??= this.#dispose();
    return this.#disposing;
  }

  async #dispose(): Promise<void> {
    if (this.#exit === undefined) {
      const bounded = AbortSignal.timeout(2_000);
      try {
        const busy = await this.client.busySessions(bounded);
        await Promise.all(busy.map((id) => this.client.abort(id, bounded)));
        for (let i = 0; i < 20 && busy.length > 0; i++) {
          if ((await this.client.busySessions(bounded)).length === 0) break;
          await sleep(50);
        }
        await this.client.disposeAll(bounded);
      } catch {
        // the server may already be unresponsive; the signals below still apply
      }
      const descendants = descendantsOf(this.pid);
      this.#process.kill('SIGTERM');
      const graceful = await Promise.race([
        this.exited.then(() => true),
        sleep(gracefulExitMs, undefined, { ref: false }).then(() => false),
      ]);
      if (!graceful) {
        this.#process.kill('SIGKILL');
        const killed = await Promise.race([
          this.exited.then(() => true),
          sleep(2_000, undefined, { ref: false }).then(() => false),
        ]);
        if (!killed) this.#process.destroy();
      }
      signalAll(descendants.filter(isAlive), 'SIGKILL');
    }
    this.events.close();
    await this.#scratch.remove();
  }
}

async function waitUntilReady(
  client: OpenCodeClient,
  deadline: number,
  exited: Promise<ServerExit>,
): Promise<void> {
  let exitedEarly = false;
  void exited.then(() => {
    exitedEarly = true;
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error('opencode server exited while loading its config');
    try {
      await client.config(AbortSignal.timeout(Math.max(100, deadline - Date.now())));
      return;
    } catch (error) {
      lastError = error;
      // A broken config is reported as 400 ConfigJsonError / ConfigInvalidError: fatal.
      if (error instanceof Error && /Config(Json|Invalid)Error/.test(error.message)) {
        throw new Error(`opencode rejected its config: ${error.message}`);
      }
    }
    await sleep(100);
  }
  throw new Error(
    `opencode server did not become ready in time: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
  );
}

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}
