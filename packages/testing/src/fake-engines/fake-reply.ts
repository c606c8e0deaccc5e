/**
 * What a fake engine sends back: a status, headers, and a body as a list of
 * pieces, each written separately (a streamed reply writes one event or line
 * per piece, as a real engine does per token).
 */
export interface FakeReply {
  status: number;
  headers: Record<string, string>;
  pieces: Array<string | Uint8Array>;
}

export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): FakeReply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    pieces: [JSON.stringify(value)],
  };
}

export function textReply(
  status: number,
  text: string,
  headers: Record<string, string> = {},
): FakeReply {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    pieces: [text],
  };
}

/** An SSE reply: each payload becomes `data: <json>` plus a blank line; strings are sent as-is. */
export function sseReply(
  events: readonly unknown[],
  headers: Record<string, string> = {},
): FakeReply {
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers },
    pieces: events.map((event) =>
      typeof event === 'string' ? event : `data: ${JSON.stringify(event)}\n\n`,
    ),
  };
}

/** An NDJSON reply, one object per line. */
export function ndjsonReply(lines: readonly unknown[]): FakeReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-ndjson' },
    pieces: lines.map((line) => `${JSON.stringify(line)}\n`),
  };
}
