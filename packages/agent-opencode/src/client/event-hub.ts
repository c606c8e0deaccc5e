import { setTimeout as sleep } from 'node:timers/promises';
import { createParser } from 'eventsource-parser';
import { type Observable, Subject } from 'rxjs';
import { OpenCodeError } from '../errors.js';
import type { OpenCodeEvent } from '../protocol/events.js';
import { parseGlobalEvent } from '../protocol/global-events.js';

export interface EventHubOptions {
  /** opencode's `/global/event` URL. */
  url: string;
  authorization: string;
  /**
   * Reconnect when nothing arrives for this long. opencode sends a heartbeat
   * every 10 s, so silence means a dead or half-open connection.
   * @default 25_000
   */
  idleTimeoutMs?: number;
  /**
   * Bound on opening the stream and receiving `server.connected`.
   * @default 10_000
   */
  connectTimeoutMs?: number;
}

export interface MalformedEvent {
  reason: string;
  data: string;
}

/**
 * One `GET /global/event` connection per server, shared by every run on it,
 * whatever directory the run works in (plain `/event` carries only the
 * server's default directory). It reconnects after a drop or a silent stretch
 * and says so on `reconnected$`, because opencode does not replay missed
 * events.
 */
export class OpenCodeEventHub {
  readonly #options: Required<EventHubOptions>;
  readonly #events = new Subject<OpenCodeEvent>();
  readonly #malformed = new Subject<MalformedEvent>();
  readonly #reconnected = new Subject<void>();
  #closed = false;
  #connected = false;
  #everConnected = false;
  #waiters: Array<() => void> = [];
  #current: AbortController | undefined;

  readonly events$: Observable<OpenCodeEvent> = this.#events.asObservable();
  readonly malformed$: Observable<MalformedEvent> = this.#malformed.asObservable();
  readonly reconnected$: Observable<void> = this.#reconnected.asObservable();

  constructor(options: EventHubOptions) {
    this.#options = { idleTimeoutMs: 25_000, connectTimeoutMs: 10_000, ...options };
  }

  /** Opens the stream and resolves once `server.connected` arrived. */
  async start(): Promise<void> {
    void this.#loop();
    await this.ready();
  }

  /** Resolves when the stream is connected (at once if it is), within `connectTimeoutMs`. */
  ready(): Promise<void> {
    if (this.#connected) return Promise.resolve();
    if (this.#closed)
      return Promise.reject(new OpenCodeError('server_crashed', 'the event stream is closed'));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter !== done);
        reject(
          new OpenCodeError(
            'protocol_error',
            `opencode's event stream did not connect within ${this.#options.connectTimeoutMs} ms`,
          ),
        );
      }, this.#options.connectTimeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push(done);
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#connected = false;
    this.#current?.abort();
    this.#events.complete();
    this.#malformed.complete();
    this.#reconnected.complete();
  }

  async #loop(): Promise<void> {
    let backoffMs = 100;
    while (!this.#closed) {
      const gotConnected = await this.#readOnce().catch(() => false);
      this.#connected = false;
      if (this.#closed) return;
      backoffMs = gotConnected ? 100 : Math.min(backoffMs * 2, 2_000);
      await sleep(backoffMs);
    }
  }

  /** Reads one connection until it ends; resolves whether it got as far as `server.connected`. */
  async #readOnce(): Promise<boolean> {
    const controller = new AbortController();
    this.#current = controller;
    let idle: NodeJS.Timeout | undefined;
    const armIdle = (ms: number) => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), ms);
    };
    armIdle(this.#options.connectTimeoutMs);
    let sawConnected = false;
    const parser = createParser({
      onEvent: (message) => {
        const parsed = parseGlobalEvent(message.data);
        if (!parsed.ok) {
          this.#malformed.next({ reason: parsed.reason, data: parsed.data });
          return;
        }
        const event = parsed.event;
        // A sync frame repeats a change that also arrives as a bus event.
        if (event === undefined) return;
        if (event.type === 'server.connected') {
          sawConnected = true;
          this.#markConnected();
        }
        this.#events.next(event);
      },
    });
    try {
      const response = await fetch(this.#options.url, {
        headers: { authorization: this.#options.authorization, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !type.includes('text/event-stream') || response.body === null) {
        await response.body?.cancel();
        return false;
      }
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armIdle(this.#options.idleTimeoutMs);
        parser.feed(decoder.decode(value, { stream: true }));
      }
      return sawConnected;
    } finally {
      clearTimeout(idle);
      if (!controller.signal.aborted) controller.abort();
    }
  }

  #markConnected(): void {
    this.#connected = true;
    if (this.#everConnected && !this.#closed) this.#reconnected.next();
    this.#everConnected = true;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter();
  }
}

/**
 * The `/global/event` stream of the server `client` talks to, connected; a
 * stream that does not connect is closed again and the error rethrown.
 */
export async function openEventHub(
  client: { baseUrl: string; authorization: string },
  connectTimeoutMs?: number,
): Promise<OpenCodeEventHub> {
  const hub = new OpenCodeEventHub({
    url: `${client.baseUrl}/global/event`,
    authorization: client.authorization,
    ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }),
  });
  try {
    await hub.start();
    return hub;
  } catch (error) {
    hub.close();
    throw error;
  }
}
