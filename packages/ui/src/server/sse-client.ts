import type { ServerResponse } from 'node:http';
import type { LoggedEvent } from './event-log.js';

/** One page's `/events` stream. */
export class SseClient {
  readonly #response: ServerResponse;
  readonly #maxBacklogBytes: number;
  /** The id of the last event sent to this page. */
  #lastId = 0;

  constructor(response: ServerResponse, maxBacklogBytes: number) {
    this.#response = response;
    this.#maxBacklogBytes = maxBacklogBytes;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
  }

  /**
   * Sends events as SSE messages, in one write, skipping any this page was
   * already sent; their ids let the browser resume after a reconnect.
   */
  sendEvents(events: readonly LoggedEvent[]): void {
    let chunk = '';
    for (const event of events) {
      if (event.id <= this.#lastId) continue;
      chunk += `id: ${event.id}\ndata: ${event.json}\n\n`;
      this.#lastId = event.id;
    }
    if (chunk !== '') this.#write(chunk);
  }

  /** Sends a named message (`status`, `caught-up`, …) that is not an event. */
  sendNotice(name: string, data: object): void {
    this.#write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** An SSE comment, which keeps idle connections (and proxies) from timing out. */
  ping(): void {
    this.#write(': ping\n\n');
  }

  end(): void {
    this.#response.end();
  }

  #write(chunk: string): void {
    const response = this.#response;
    if (response.destroyed || response.writableEnded) return;
    response.write(chunk);
    // A page that stops reading must not make this process hold every event
    // again: drop it; its EventSource reconnects with Last-Event-ID.
    if (response.writableLength > this.#maxBacklogBytes) response.destroy();
  }
}
