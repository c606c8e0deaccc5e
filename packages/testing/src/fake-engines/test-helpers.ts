import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

/** Everything an async iterable yields, in order. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The promise's rejection reason; fails when it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/**
 * The promise's rejection reason, which must come within `ms`; fails when it
 * resolves, or when it has not settled by then (a hang becomes a failure that
 * says so instead of a test timeout).
 */
export async function rejectionWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([rejection(promise), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The two chat calls of an engine adapter, as far as a transport test needs them. */
export interface ChatCalls {
  generate(
    messages: Array<{ role: 'user'; content: string }>,
    options: { model: string },
  ): Promise<unknown>;
  stream(
    messages: Array<{ role: 'user'; content: string }>,
    options: { model: string },
  ): AsyncIterable<unknown>;
}

/**
 * What one `generate()` and one `stream()` call reject with, each of which
 * must settle within `ms`.
 */
export async function chatRejectionsWithin(
  engine: ChatCalls,
  model: string,
  ms: number,
): Promise<{ generate: unknown; stream: unknown }> {
  const messages = [{ role: 'user' as const, content: 'Say hello.' }];
  return {
    generate: await rejectionWithin(engine.generate(messages, { model }), ms),
    stream: await rejectionWithin(collect(engine.stream(messages, { model })), ms),
  };
}

/**
 * A URL on 127.0.0.1 whose port Node's fetch refuses outright, before any
 * connection (the WHATWG "bad port" list, e.g. X11's 6000 or IRC's 6665-6669).
 */
export function badPortUrl(port: 6000 | 6665 | 6666 | 6667 | 6668 | 6669 = 6666): string {
  return `http://127.0.0.1:${port}`;
}

/**
 * A URL on 127.0.0.1 whose port nothing listens on: a port is taken from the
 * system and released at once, so connecting to it is refused.
 */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
