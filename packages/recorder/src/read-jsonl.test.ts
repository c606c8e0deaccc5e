import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlParseError } from './jsonl-parse-error.js';
import { readJsonl } from './read-jsonl.js';
import type { RecordedEvent } from './recorded-event.js';
import { removeTempDirs, tempPath } from './test-support/temp-files.js';

afterEach(removeTempDirs);

const good = (n: number) =>
  JSON.stringify({ type: 'agent_status', timestamp: 1000 + n, data: { n } });

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

describe('readJsonl', () => {
  it('throws a JsonlParseError naming the file and line of a malformed line', async () => {
    const path = await tempPath('bad.jsonl');
    await writeFile(path, `${good(1)}\n\n${good(2)}\n{"type":"agent_status",\n${good(3)}\n`);

    const seen: RecordedEvent[] = [];
    const error = await (async () => {
      for await (const event of readJsonl(path)) seen.push(event);
    })().catch((caught: unknown) => caught);

    expect(JsonlParseError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(JsonlParseError);
    const parseError = error as JsonlParseError;
    expect(parseError.line).toBe(4);
    expect(parseError.path).toBe(path);
    expect(parseError.reason).toBe('not valid JSON');
    expect(parseError.message).toBe(`${path}:4: not valid JSON`);
    expect(parseError.cause).toBeInstanceOf(SyntaxError);
    expect(seen.map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('rejects lines that are JSON but not events', async () => {
    const cases: [string, string][] = [
      ['[1,2]', 'not a JSON object'],
      ['{"timestamp":1}', 'no string "type"'],
      ['{"type":"x","timestamp":"soon"}', 'no numeric "timestamp"'],
    ];
    for (const [line, reason] of cases) {
      const path = await tempPath('shape.jsonl');
      await writeFile(path, `${good(1)}\n${line}\n`);
      await expect(collect(readJsonl(path))).rejects.toMatchObject({ line: 2, reason });
    }
  });

  it('skips malformed lines when asked, telling onMalformed', async () => {
    const path = await tempPath('skip.jsonl');
    await writeFile(path, `${good(1)}\nnot json\r\n${good(2)}\r\n{"type":"cut`);
    const skipped: JsonlParseError[] = [];
    const events = await collect(
      readJsonl(path, { skipMalformed: true, onMalformed: (error) => skipped.push(error) }),
    );
    expect(events.map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(skipped.map((error) => error.line)).toEqual([2, 4]);
  });

  it('reads an event without data as undefined data', async () => {
    const path = await tempPath('nodata.jsonl');
    await writeFile(path, '{"type":"custom_ping","timestamp":5}\n');
    expect(await collect(readJsonl(path))).toEqual([
      { type: 'custom_ping', timestamp: 5, data: undefined },
    ]);
  });

  it('stops reading when the consumer breaks early', async () => {
    const path = await tempPath('early.jsonl');
    await writeFile(path, `${good(1)}\n${good(2)}\nbroken\n`);
    const events: RecordedEvent[] = [];
    for await (const event of readJsonl(path)) {
      events.push(event);
      break;
    }
    expect(events).toHaveLength(1);
  });
});
