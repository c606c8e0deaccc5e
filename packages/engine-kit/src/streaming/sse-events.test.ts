import { FramingError } from '@openjarvis/core';
import { collect } from '@openjarvis/testing/fake-engines';
import { describe, expect, it } from 'vitest';
import { readSseEvents } from './sse-events.js';

const encoder = new TextEncoder();

async function* bytes(...pieces: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield typeof piece === 'string' ? encoder.encode(piece) : piece;
}

/** Every byte of `text` as its own chunk. */
async function* byteByByte(text: string): AsyncGenerator<Uint8Array> {
  for (const byte of encoder.encode(text)) yield Uint8Array.of(byte);
}

describe('readSseEvents', () => {
  it('reads data events and skips comments and blank keep-alives', async () => {
    const events = await collect(
      readSseEvents(bytes(': keep-alive\n\n', 'data: {"a":1}\n\n', '\n\n', 'data: [DONE]\n\n')),
    );
    expect(events).toEqual([{ data: '{"a":1}' }, { data: '[DONE]' }]);
  });

  it('reassembles events written byte by byte, CRLF line ends included', async () => {
    const text = 'data: {"x":"héllo 🌍"}\r\n\r\nevent: error\r\ndata: {"error":"boom"}\r\n\r\n';
    const events = await collect(readSseEvents(byteByByte(text)));
    expect(events).toEqual([
      { data: '{"x":"héllo 🌍"}' },
      { event: 'error', data: '{"error":"boom"}' },
    ]);
  });

  it('joins multi-line data fields with newlines', async () => {
    const events = await collect(readSseEvents(bytes('data: line one\ndata: line two\n\n')));
    expect(events).toEqual([{ data: 'line one\nline two' }]);
  });

  it('delivers an event the stream ended inside of, flagged as unterminated', async () => {
    const events = await collect(
      readSseEvents(bytes('data: {"a":1}\n\n', 'data: {"error":"x"}\n')),
    );
    expect(events).toEqual([{ data: '{"a":1}' }, { data: '{"error":"x"}', unterminated: true }]);
  });

  it('fails with FramingError when an event outgrows the bound', async () => {
    const huge = `data: ${'x'.repeat(2000)}`;
    await expect(collect(readSseEvents(bytes(huge), { maxEventSize: 1000 }))).rejects.toSatisfy(
      (error) => FramingError.isInstance(error),
    );
  });
});
