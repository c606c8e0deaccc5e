import type { PermissionReply } from '@openjarvis/core';
import type { MalformedEvent } from '../client/event-hub.js';
import type { OpenCodeClient, PromptBody } from '../client/opencode-client.js';
import type { OpenCodeEvent } from '../protocol/events.js';
import type { MessageWithParts } from '../protocol/messages.js';
import type { ServerConnection } from '../server/server-connection.js';
import type { ServerExit } from '../server/server-launch.js';

/** Everything a turn asks of its opencode server, each request with its bound. */
export interface TurnServer {
  createSession(title: string, signal: AbortSignal | undefined): Promise<string>;
  prompt(sessionId: string, body: PromptBody): Promise<void>;
  abort(sessionId: string): Promise<void>;
  busySessions(): Promise<string[]>;
  replyPermission(requestId: string, reply: PermissionReply): Promise<void>;
  messages(sessionId: string): Promise<MessageWithParts[]>;
  alive(): boolean;
  /** Calls `listener` if the server exits; returns the undo. */
  onExit(listener: (exit: ServerExit) => void): () => void;
  /** Resolves once the server's event stream is connected. */
  eventsReady(): Promise<void>;
  /** Subscribes to the server's event stream; returns the undo. */
  watch(on: {
    event: (event: OpenCodeEvent) => void;
    malformed: (bad: MalformedEvent) => void;
    /** The stream was reopened: events of the gap are lost. */
    reconnected: () => void;
  }): () => void;
}

/** The turn's view of `server`, its sessions working in `client`'s directory. */
export function turnServer(server: ServerConnection, client: OpenCodeClient): TurnServer {
  const { events } = server;
  return {
    createSession: (title, signal) => client.createSession(title, signal),
    prompt: (sessionId, body) => client.promptAsync(sessionId, body, AbortSignal.timeout(15_000)),
    abort: (sessionId) => client.abort(sessionId, AbortSignal.timeout(2_000)),
    busySessions: () => client.busySessions(AbortSignal.timeout(5_000)),
    replyPermission: (requestId, reply) =>
      client.replyPermission(requestId, reply, AbortSignal.timeout(5_000)),
    messages: (sessionId) => client.messages(sessionId, AbortSignal.timeout(10_000)),
    alive: () => server.alive,
    onExit: (listener) => server.onExit(listener),
    eventsReady: () => events.ready(),
    watch(on) {
      const subscriptions = [
        events.events$.subscribe(on.event),
        events.malformed$.subscribe(on.malformed),
        events.reconnected$.subscribe(on.reconnected),
      ];
      return () => {
        for (const subscription of subscriptions) subscription.unsubscribe();
      };
    },
  };
}
