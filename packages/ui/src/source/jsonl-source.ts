import { type ReadJsonlOptions, type RecordedEvent, readJsonl } from '@openjarvis/recorder';
import { EMPTY } from 'rxjs';
import type { UiEventSource } from './ui-event-source.js';

/**
 * A JSONL recording (as written by `@openjarvis/recorder`) as a UI source:
 * every event is read up front and served as history, then the source
 * completes. A malformed line rejects with the recorder's `JsonlParseError`
 * (naming the line) unless `skipMalformed` is set.
 */
export async function jsonlSource(
  path: string,
  options: ReadJsonlOptions = {},
): Promise<UiEventSource> {
  const history: RecordedEvent[] = [];
  for await (const event of readJsonl(path, options)) history.push(event);
  return { events$: EMPTY, history };
}
