import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { JsonlParseError } from './jsonl-parse-error.js';
import type { RecordedEvent } from './recorded-event.js';

export interface ReadJsonlOptions {
  /**
   * Skip lines that are not recorded events instead of throwing.
   * @default false
   */
  skipMalformed?: boolean;
  /**
   * Told about each skipped line (only with `skipMalformed`).
   * @default none
   */
  onMalformed?: (error: JsonlParseError) => void;
}

/**
 * The events of a JSONL recording, in file order. Blank lines are ignored. A
 * line that is not JSON, or not an object with a string `type` and a numeric
 * `timestamp`, throws a `JsonlParseError` naming its line, unless
 * `skipMalformed` is set.
 */
export async function* readJsonl(
  path: string,
  options: ReadJsonlOptions = {},
): AsyncGenerator<RecordedEvent, void, undefined> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  try {
    for await (const text of lines) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      const parsed = parseLine(path, lineNumber, text);
      if (parsed instanceof JsonlParseError) {
        if (!options.skipMalformed) throw parsed;
        options.onMalformed?.(parsed);
        continue;
      }
      yield parsed;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function parseLine(path: string, line: number, text: string): RecordedEvent | JsonlParseError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return new JsonlParseError(path, line, 'not valid JSON', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new JsonlParseError(path, line, 'not a JSON object');
  }
  const { type, timestamp, data } = value as Partial<Record<keyof RecordedEvent, unknown>>;
  if (typeof type !== 'string' || type === '') {
    return new JsonlParseError(path, line, 'no string "type"');
  }
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    return new JsonlParseError(path, line, 'no numeric "timestamp"');
  }
  return { type, timestamp, data };
}
