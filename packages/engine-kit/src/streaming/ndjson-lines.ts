import { FramingError } from '@openjarvis/core';

export interface NdjsonReadOptions {
  /**
   * Longest line held in memory, in characters.
   * @default 16777216
   */
  maxLineLength?: number;
}

/**
 * Splits a byte stream into newline-delimited lines (NDJSON). Lines split
 * across chunks are joined, UTF-8 sequences split across chunks are decoded
 * whole, `\r\n` is accepted, blank lines are skipped, and a last line without
 * its newline is still delivered.
 */
export async function* splitNdjsonLines(
  chunks: AsyncIterable<Uint8Array | string>,
  options: NdjsonReadOptions = {},
): AsyncGenerator<string, void, undefined> {
  const maxLineLength = options.maxLineLength ?? 16 * 1024 * 1024;
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    let newline = pending.indexOf('\n', start);
    while (newline !== -1) {
      const line = trimLine(pending.slice(start, newline));
      if (line !== '') yield line;
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
    if (pending.length > maxLineLength) {
      throw new FramingError(`NDJSON line longer than ${maxLineLength} characters`);
    }
  }
  const last = trimLine(pending + decoder.decode());
  if (last !== '') yield last;
}

function trimLine(line: string): string {
  const withoutCr = line.endsWith('\r') ? line.slice(0, -1) : line;
  return withoutCr.trim() === '' ? '' : withoutCr;
}
