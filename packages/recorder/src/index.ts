export { JsonlParseError } from './jsonl-parse-error.js';
export type { JsonlRecorderOptions } from './jsonl-recorder-options.js';
export { type ReadJsonlOptions, readJsonl } from './read-jsonl.js';
export { type JsonlRecorder, recordBusToJsonl } from './record-bus-to-jsonl.js';
export type { RecordedEvent } from './recorded-event.js';
export type { RedactionOptions } from './redaction-options.js';
export { type ReplayJsonlOptions, type ReplaySummary, replayJsonl } from './replay-jsonl.js';
export { DEFAULT_SECRET_KEYS, REDACTED } from './secret-keys.js';
export { createRedactor, type JsonValue } from './to-redacted-json.js';
