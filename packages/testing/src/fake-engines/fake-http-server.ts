import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TransportFault } from '@openjarvis/stand-in/transport';
import { type BodyFault, writeBody } from '@openjarvis/stand-in/transport';
import type { FakeReply } from './fake-reply.js';

/** A request as a fake engine received it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

interface PendingFault {
  fault: TransportFault;
  path: string | undefined;
}

/**
 * A plain `node:http` server on 127.0.0.1 and a free port, answering through a
 * handler, recording every request, and able to misbehave on demand (see
 * `TransportFault`). The engine-specific fakes are built on it.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #handler: FakeHandler;
  readonly #sockets = new Set<Socket>();
  readonly #faults: PendingFault[] = [];
  readonly #disconnectWaiters: Array<() => void> = [];
  #disconnects = 0;
  #port = 0;

  private constructor(handler: FakeHandler) {
    this.#handler = handler;
    this.#server = createServer((req, res) => {
      void this.#serve(req, res);
    });
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** Starts listening on 127.0.0.1, port 0 (a free port). */
  static async start(handler: FakeHandler): Promise<FakeHttpServer> {
    const server = new FakeHttpServer(handler);
    server.#server.listen(0, '127.0.0.1');
    await once(server.#server, 'listening');
    server.#port = (server.#server.address() as AddressInfo).port;
    return server;
  }

  get port(): number {
    return this.#port;
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Replies whose client went away before the reply was complete. */
  get disconnects(): number {
    return this.#disconnects;
  }

  /** Resolves once `count` replies in total have lost their client before completing. */
  async waitForDisconnects(count = 1): Promise<void> {
    while (this.#disconnects < count) {
      await new Promise<void>((resolve) => this.#disconnectWaiters.push(resolve));
    }
  }

  /** Applies `fault` to the next request (to `path`, when given). */
  injectFault(fault: TransportFault, path?: string): void {
    this.#faults.push({ fault, path });
  }

  /** Requests received for `path`. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Stops listening and drops every open connection (stalled replies included). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      headers: req.headers,
      body,
      json: parseJson(body),
    };
    this.requests.push(request);
    res.on('close', () => {
      if (!res.writableFinished) {
        this.#disconnects++;
        for (const wake of this.#disconnectWaiters.splice(0)) wake();
      }
    });
    const fault = this.#takeFault(request.path);
    if (fault?.kind === 'stall-headers') return;
    if (fault?.kind === 'redirect') {
      res.writeHead(fault.status, { location: fault.location, 'content-length': '0' });
      res.end();
      return;
    }
    let reply: FakeReply;
    try {
      reply = await this.#handler(request);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake server handler failed: ${String(error)}`);
      return;
    }
    await writeReply(res, reply, fault);
  }

  #takeFault(path: string): TransportFault | undefined {
    const index = this.#faults.findIndex(
      (entry) => entry.path === undefined || entry.path === path,
    );
    if (index === -1) return undefined;
    return this.#faults.splice(index, 1)[0]?.fault;
  }
}

async function writeReply(
  res: ServerResponse,
  reply: FakeReply,
  fault: BodyFault | undefined,
): Promise<void> {
  res.writeHead(reply.status, reply.headers);
  await writeBody(res, reply.pieces, fault);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
