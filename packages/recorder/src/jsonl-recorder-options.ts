import type { EventName } from '@openjarvis/core';
import type { RedactionOptions } from './redaction-options.js';

export interface JsonlRecorderOptions extends RedactionOptions {
  /**
   * Add to the end of an existing file instead of replacing it.
   * @default false
   */
  append?: boolean;
  /**
   * Record only events of these types.
   * @default every event
   */
  types?: readonly EventName[];
  /**
   * How many characters may wait to be written. Past it, new events are
   * dropped (and counted in `dropped`) rather than let a slow disk grow memory
   * without bound.
   * @default 67_108_864 (64 Mi)
   */
  maxPendingChars?: number;
  /**
   * Told about a failed write and about the first dropped event. `close()`
   * also rejects with the first write error.
   * @default emits a process warning
   */
  onError?: (error: Error) => void;
}
