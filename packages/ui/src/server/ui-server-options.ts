import type { RedactionOptions } from '@openjarvis/recorder';
import type { UiEventSource } from '../source/ui-event-source.js';

export interface UiServerOptions {
  /** The events to show: an `EventBus`, a remote bus, or `await jsonlSource(path)`. */
  source: UiEventSource;
  /**
   * The TCP port. 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * The loopback address to bind: `127.0.0.1` (or another `127.x.y.z`),
   * `::1` or `localhost`. Any other address is refused with a
   * `UiServerError` (`not_loopback`): the page is for this machine only.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * How many events the server keeps for pages that connect late; older ones
   * are dropped first (the page says how many).
   * @default 100_000
   */
  maxEvents?: number;
  /**
   * More secrets to hide from the page, on top of the recorder's default
   * secret keys (every event passes through the recorder's redactor).
   * @default the recorder's defaults only
   */
  redaction?: RedactionOptions;
  /**
   * A page whose unsent data grows past this many bytes (it stopped reading)
   * is disconnected; its browser reconnects and is sent what it missed.
   * @default 8 MiB
   */
  maxClientBacklogBytes?: number;
}

/** A running UI server. */
export interface UiServer {
  /** The page's address, access token included: open it in a browser. */
  readonly url: string;
  readonly port: number;
  /** Disconnects every page, stops listening and unsubscribes from the source. */
  close(): Promise<void>;
}
