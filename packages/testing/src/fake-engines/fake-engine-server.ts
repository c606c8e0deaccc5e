import type { TransportFault } from '@openjarvis/stand-in/transport';
import { FakeHttpServer, type RecordedRequest } from './fake-http-server.js';
import type { FakeReply } from './fake-reply.js';

/**
 * What every engine fake shares: a `FakeHttpServer` underneath, its request
 * log and transport faults passed through, and `close`. A subclass adds only
 * its engine's wire format, in `handle`.
 */
export abstract class FakeEngineServer {
  protected readonly http: FakeHttpServer;

  protected constructor(http: FakeHttpServer) {
    this.http = http;
  }

  /**
   * Starts a `FakeHttpServer` and builds the fake on it. The server listens
   * before the fake exists; a request arriving in between gets a 500.
   */
  protected static async listen<T extends FakeEngineServer>(
    create: (http: FakeHttpServer) => T,
  ): Promise<T> {
    let fake: T | undefined;
    const http = await FakeHttpServer.start((request) => {
      if (fake === undefined) throw new Error('fake not ready');
      return fake.handle(request);
    });
    fake = create(http);
    return fake;
  }

  protected abstract handle(request: RecordedRequest): FakeReply;

  get url(): string {
    return this.http.url;
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  get disconnects(): number {
    return this.http.disconnects;
  }

  waitForDisconnects(count?: number): Promise<void> {
    return this.http.waitForDisconnects(count);
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.http.requestsTo(path);
  }

  injectFault(fault: TransportFault, path?: string): void {
    this.http.injectFault(fault, path);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
