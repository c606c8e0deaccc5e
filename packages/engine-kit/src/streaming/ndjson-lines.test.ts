import { FramingError } from '@openjarvis/core';
import { collect } from '@openjarvis/testing/fake-engines';
import { describe, expect, it } from 'vitest';
import { splitNdjsonLines } from './ndjson-lines.js';

const encoder = new TextEncoder();

async function* chunks(...pieces: string[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield encoder.encode(piece);
}

describe('splitNdjsonLines', () => {
  it('joins lines split across chunks and skips blank lines', async () => {
    const lines = await collect(splitNdjsonLines(chunks('{"a":', '1}\n\n{"b"', ':2}\n', '\n')));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('accepts CRLF and a last line without newline', async () => {
    const lines = await collect(splitNdjsonLines(chunks('{"a":1}\r\n{"b":2}')));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('decodes a UTF-8 character split between chunks', async () => {
    const bytes = encoder.encode('{"t":"🌍"}\n');
    async function* split(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 9);
      yield bytes.subarray(9);
    }
    expect(await collect(splitNdjsonLines(split()))).toEqual(['{"t":"🌍"}']);
  });

  it('survives every byte arriving on its own', async () => {
    async function* single(): AsyncGenerator<Uint8Array> {
      for (const byte of encoder.encode('{"a":"é"}\n{"done":true}\n')) yield Uint8Array.of(byte);
    }
    expect(await collect(splitNdjsonLines(single()))).toEqual(['{"a":"é"}', '{"done":true}']);
  });

  it('fails with FramingError when a line outgrows the bound', async () => {
    await expect(
      collect(splitNdjsonLines(chunks('x'.repeat(50), 'y'.repeat(60)), { maxLineLength: 100 })),
    ).rejects.toSatisfy((error) => FramingError.isInstance(error));
  });
});
