/** One line of a JSONL recording: an event as it was published, secrets redacted. */
export interface RecordedEvent {
  type: string;
  /** When it was published, ms since the epoch. */
  timestamp: number;
  /** The payload after redaction and JSON conversion; `undefined` when the event had none. */
  data: unknown;
}
