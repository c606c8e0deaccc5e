import { type OpenCodeEventHub, openEventHub } from '../client/event-hub.js';
import { OpenCodeClient } from '../client/opencode-client.js';
import { OpenCodeError } from '../errors.js';
import type { ServerConnection } from './server-connection.js';
import type { ServerExit } from './server-launch.js';

export interface AttachOptions {
  url: string;
  username: string;
  password: string;
  /** Bound on reaching the server and opening its event stream. */
  timeoutMs: number;
  requestTimeoutMs: number;
}

/**
 * An opencode server the user runs: nothing is spawned, and letting go of it
 * only closes the event stream; the server, its instances and every session
 * stay as they are.
 */
export class AttachedServer implements ServerConnection {
  readonly url: string;
  readonly client: OpenCodeClient;
  readonly events: OpenCodeEventHub;
  readonly pid = undefined;
  readonly owned = false;
  readonly exited: Promise<ServerExit>;
  readonly #exitListeners = new Set<(exit: ServerExit) => void>();
  #markExited: (exit: ServerExit) => void = () => {};
  #gone = false;

  private constructor(client: OpenCodeClient, events: OpenCodeEventHub) {
    this.url = client.baseUrl;
    this.client = client;
    this.events = events;
    this.exited = new Promise((resolve) => {
      this.#markExited = resolve;
    });
  }

  /** Checks that `url` is an opencode server that accepts the password, and opens its events. */
  static async connect(options: AttachOptions): Promise<AttachedServer> {
    const client = new OpenCodeClient({
      baseUrl: options.url,
      username: options.username,
      password: options.password,
      requestTimeoutMs: options.requestTimeoutMs,
    });
    try {
      await client.config(AbortSignal.timeout(options.timeoutMs));
    } catch (error) {
      throw new OpenCodeError(
        'server_start_failed',
        `could not attach to the opencode server at ${client.baseUrl}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    let events: OpenCodeEventHub;
    try {
      events = await openEventHub(client, options.timeoutMs);
    } catch (error) {
      throw new OpenCodeError(
        'server_start_failed',
        `the opencode server at ${client.baseUrl} answered, but its event stream did not open: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return new AttachedServer(client, events);
  }

  get alive(): boolean {
    return !this.#gone;
  }

  get address(): { address: string; port: number } {
    const url = new URL(this.url);
    return {
      address: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    };
  }

  onExit(listener: (exit: ServerExit) => void): () => void {
    if (this.#gone) return () => {};
    this.#exitListeners.add(listener);
    return () => this.#exitListeners.delete(listener);
  }

  async dispose(): Promise<void> {
    if (this.#gone) return;
    this.#gone = true;
    this.#exitListeners.clear();
    this.events.close();
    this.#markExited({ code: undefined, signal: undefined });
  }
}
