import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A response recorded from a real llama-server: status, headers, raw body bytes. */
export interface Recording {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

// The recordings are not compiled, so from dist/ they are read where they sit in src/.
const candidates = [
  new URL('./recordings/', import.meta.url),
  new URL('../../../src/fake-engines/llamacpp/recordings/', import.meta.url),
];

function recordingsDir(): URL {
  const found = candidates.find((dir) => existsSync(fileURLToPath(dir)));
  if (found === undefined) throw new Error('llama-server recordings not found next to the fake');
  return found;
}

/** Headers the replaying server sets itself (framing, connection reuse). */
const framingHeaders = new Set(['transfer-encoding', 'keep-alive', 'content-length']);

const cache = new Map<string, Recording>();

/**
 * Loads `NAME.body` and, when there is one, `NAME.headers`. Bodies recorded
 * without headers (503 while loading) get their status from the body's `code`.
 */
export function loadRecording(name: string): Recording {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const dir = recordingsDir();
  const body = readFileSync(fileURLToPath(new URL(`${name}.body`, dir)));
  const headersFile = fileURLToPath(new URL(`${name}.headers`, dir));
  const recording = existsSync(headersFile)
    ? { ...parseHeaders(readFileSync(headersFile, 'latin1')), body }
    : {
        status: statusFromBody(body),
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
      };
  cache.set(name, recording);
  return recording;
}

function parseHeaders(text: string): Omit<Recording, 'body'> {
  const lines = text.split('\r\n').filter((line) => line !== '');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 500);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!framingHeaders.has(name)) headers[name] = line.slice(colon + 1).trim();
  }
  return { status, headers };
}

function statusFromBody(body: Buffer): number {
  const code = /"code":(\d{3})/.exec(body.toString('utf8'))?.[1];
  return code === undefined ? 200 : Number(code);
}
