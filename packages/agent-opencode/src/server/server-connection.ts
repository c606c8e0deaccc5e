import type { OpenCodeEventHub } from '../client/event-hub.js';
import type { OpenCodeClient } from '../client/opencode-client.js';
import type { ServerExit } from './server-launch.js';

/**
 * One opencode server as runs see it, whether this process started it
 * (`OpenCodeServer`) or the user runs it (`AttachedServer`).
 */
export interface ServerConnection {
  readonly url: string;
  /** A client for the server's own directory; runs use `client.inDirectory(workspace)`. */
  readonly client: OpenCodeClient;
  /** The server's one `/global/event` stream, shared by every run on it. */
  readonly events: OpenCodeEventHub;
  /** opencode's pid when this process started it. */
  readonly pid: number | undefined;
  /** Whether this process owns the server (and so may dispose directory instances on it). */
  readonly owned: boolean;
  readonly alive: boolean;
  readonly address: { address: string; port: number };
  /** Calls `listener` when the server is gone; returns a function that removes it. */
  onExit(listener: (exit: ServerExit) => void): () => void;
  /** Resolves when the server is gone, for whatever reason. */
  readonly exited: Promise<ServerExit>;
  /** Lets go of the server: stops it if this process started it. Idempotent. */
  dispose(): Promise<void>;
}
