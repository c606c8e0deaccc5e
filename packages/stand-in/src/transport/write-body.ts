import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { TransportFault } from './transport-fault.js';

/** The faults that act on a body already under way (headers sent). */
export type BodyFault = Extract<TransportFault, { kind: 'byte-by-byte' | 'cut' | 'stall' }>;

/**
 * Writes a reply body piece by piece (headers already written), each piece
 * its own write, then ends it, or misbehaves as `fault` says. Between pieces
 * it waits `gapMs`, or one turn of the event loop so that each piece leaves
 * as its own packet. Returns once the body is written, cut, or stalled (a
 * stalled reply stays open until the client or the server closes it).
 */
export async function writeBody(
  res: ServerResponse,
  pieces: ReadonlyArray<string | Uint8Array>,
  fault: BodyFault | undefined,
  gapMs = 0,
): Promise<void> {
  const pause = () => (gapMs > 0 ? sleep(gapMs) : nextTurn());
  const buffers = pieces.map((piece) =>
    typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece),
  );
  if (fault?.kind === 'byte-by-byte') {
    for (const buffer of buffers) {
      for (const byte of buffer) {
        if (res.destroyed) return;
        res.write(Buffer.of(byte));
        await nextTurn();
      }
    }
    res.end();
    return;
  }
  let budget = fault === undefined ? Number.POSITIVE_INFINITY : fault.afterBytes;
  for (const [index, buffer] of buffers.entries()) {
    if (index > 0) await pause();
    if (res.destroyed || budget <= 0) break;
    const part = buffer.subarray(0, budget);
    budget -= part.byteLength;
    res.write(part);
  }
  if (fault === undefined) {
    if (!res.destroyed) res.end();
    return;
  }
  // Ending the socket (not destroying it) lets the bytes already written
  // arrive before the close, as when an engine process dies mid-reply.
  if (fault.kind === 'cut') res.socket?.end();
}
