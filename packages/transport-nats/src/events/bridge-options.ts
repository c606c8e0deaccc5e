import type { EventName } from '@openjarvis/core';
import type { RedactionOptions } from '@openjarvis/recorder';

export interface BridgeOptions {
  /**
   * Names this publisher in each envelope's `source` and `id`.
   * @default `<hostname>-<pid>-<random>`
   */
  source?: string;
  /**
   * Bridge only these event types.
   * @default every event
   */
  types?: readonly EventName[];
  /**
   * How payloads are redacted before they leave the process (the recorder's
   * rules: values under secret-looking keys become `[REDACTED]`).
   * @default the recorder's defaults
   */
  redaction?: RedactionOptions;
  /**
   * How long one publish may wait for the server's acknowledgement before it
   * is retried (with the same id, so the stream keeps one copy).
   * @default 5_000
   */
  publishTimeoutMs?: number;
  /**
   * Publishes waiting for the server's acknowledgement at once.
   * @default 64
   */
  maxInFlight?: number;
  /**
   * How many runs the bridge remembers (their sequence and trace); the oldest
   * is forgotten first.
   * @default 10_000
   */
  maxRuns?: number;
  /**
   * Told when a publish fails (it is retried until `close`) or an event cannot
   * be encoded (it is dropped).
   * @default a process warning
   */
  onError?: (error: unknown) => void;
}
