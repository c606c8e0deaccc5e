import { createWriteStream } from 'node:fs';
import type { AnyJarvisEvent, EventBus } from '@openjarvis/core';
import type { JsonlRecorderOptions } from './jsonl-recorder-options.js';
import { createRedactor } from './to-redacted-json.js';

export interface JsonlRecorder {
  /**
   * Stops recording, writes every event recorded so far and closes the file.
   * Rejects with the first write error, if any. Calling it again returns the
   * same promise.
   */
  close(): Promise<void>;
  /** Events turned into lines so far. */
  readonly recorded: number;
  /** Events dropped because `maxPendingChars` was reached or the file failed. */
  readonly dropped: number;
}

const defaultMaxPendingChars = 64 * 1024 * 1024;

/**
 * Records every event of `bus` to `filePath`, one JSON line each:
 * `{"type", "timestamp", "data"}`, with secrets redacted (see `createRedactor`).
 *
 * The payload is converted when it is published, so later mutation does not
 * change the record; the file is written in batches off the publishing path.
 */
export function recordBusToJsonl(
  bus: EventBus,
  filePath: string,
  options: JsonlRecorderOptions = {},
): JsonlRecorder {
  const redact = createRedactor(options);
  const wanted = options.types === undefined ? undefined : new Set<string>(options.types);
  const maxPendingChars = options.maxPendingChars ?? defaultMaxPendingChars;
  const onError =
    options.onError ?? ((error: Error) => process.emitWarning(error, 'JsonlRecorderWarning'));
  const stream = createWriteStream(filePath, { flags: options.append ? 'a' : 'w' });

  let pending: string[] = [];
  let pendingChars = 0;
  let flushScheduled = false;
  let waitingForDrain = false;
  let failure: Error | undefined;
  let recorded = 0;
  let dropped = 0;
  let closing: Promise<void> | undefined;

  const report = (error: Error) => {
    try {
      onError(error);
    } catch {
      // The caller's handler failed; recording goes on regardless.
    }
  };

  stream.on('error', (error) => {
    if (failure !== undefined) return;
    failure = error;
    dropped += pending.length;
    pending = [];
    pendingChars = 0;
    report(error);
  });

  const flush = () => {
    flushScheduled = false;
    if (waitingForDrain || failure !== undefined || pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    pendingChars = 0;
    if (!stream.write(chunk)) {
      waitingForDrain = true;
      stream.once('drain', () => {
        waitingForDrain = false;
        flush();
      });
    }
  };

  const record = (event: AnyJarvisEvent) => {
    if (wanted !== undefined && !wanted.has(event.type)) return;
    if (failure !== undefined) {
      dropped += 1;
      return;
    }
    let line: string;
    try {
      line = `${JSON.stringify({ type: event.type, timestamp: event.timestamp, data: redact(event.data) })}\n`;
    } catch (error) {
      // A getter that throws, say: keep the event, say why its payload is missing.
      const reason = error instanceof Error ? error.message : String(error);
      line = `${JSON.stringify({ type: event.type, timestamp: event.timestamp, data: `[Unserializable: ${reason}]` })}\n`;
    }
    if (pendingChars + line.length > maxPendingChars) {
      if (dropped === 0) {
        report(new Error(`JSONL recorder buffer full (${maxPendingChars} chars); dropping events`));
      }
      dropped += 1;
      return;
    }
    pending.push(line);
    pendingChars += line.length;
    recorded += 1;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };

  const subscription = bus.events$.subscribe((event) => {
    try {
      record(event);
    } catch (error) {
      report(error instanceof Error ? error : new Error(String(error)));
    }
  });

  return {
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        subscription.unsubscribe();
        const settle = () => (failure === undefined ? resolve() : reject(failure));
        if (failure !== undefined) {
          stream.destroy();
          settle();
          return;
        }
        // Whatever still waits goes to the stream now; it buffers past a full drain.
        if (pending.length > 0) stream.write(pending.join(''));
        pending = [];
        pendingChars = 0;
        stream.end();
        stream.once('close', settle);
      });
      return closing;
    },
    get recorded() {
      return recorded;
    },
    get dropped() {
      return dropped;
    },
  };
}
