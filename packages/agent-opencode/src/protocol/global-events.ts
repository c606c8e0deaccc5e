import { type OpenCodeEvent, readEvent } from './events.js';

/**
 * One frame of `GET /global/event`, which carries every directory's instance
 * on one stream: `{ directory, project, payload }`, where `payload` is what
 * `GET /event` would have sent. Server-level events (`server.connected`,
 * heartbeats) have no directory.
 */
export type ParsedGlobalEvent =
  | { ok: true; directory: string | undefined; event: OpenCodeEvent }
  /** A `sync` twin of a persisted change: the same change as a bus event that also arrives. */
  | { ok: true; directory: string | undefined; event: undefined }
  | { ok: false; reason: string; data: string };

/** Unwraps and validates one `/global/event` frame; what is malformed is reported, not thrown. */
export function parseGlobalEvent(data: string): ParsedGlobalEvent {
  let envelope: unknown;
  try {
    envelope = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'event is not valid JSON', data };
  }
  if (typeof envelope !== 'object' || envelope === null || !('payload' in envelope)) {
    return { ok: false, reason: 'global event has no payload', data };
  }
  const { directory, payload } = envelope as { directory?: unknown; payload: unknown };
  const where = typeof directory === 'string' && directory !== 'global' ? directory : undefined;
  if (typeof payload === 'object' && payload !== null && 'syncEvent' in payload) {
    return { ok: true, directory: where, event: undefined };
  }
  const parsed = readEvent(payload, data);
  return parsed.ok ? { ok: true, directory: where, event: parsed.event } : parsed;
}
