/**
 * A transport misbehaviour applied to one reply of a fake engine, to drive an
 * adapter's failure paths over a real socket.
 *
 * - `byte-by-byte`: every byte of the body in its own write, so events and
 *   lines arrive split across TCP chunks.
 * - `cut`: the socket is destroyed after `afterBytes` bytes of the body.
 * - `stall`: nothing more is written after `afterBytes` bytes of the body; the
 *   socket stays open until the client gives up or the server closes.
 * - `stall-headers`: the request is read and never answered.
 * - `redirect`: a 3xx pointing at `location` instead of the reply.
 */
export type TransportFault =
  | { kind: 'byte-by-byte' }
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'stall'; afterBytes: number }
  | { kind: 'stall-headers' }
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string };
