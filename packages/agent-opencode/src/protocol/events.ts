import { z } from 'zod';
import { messageErrorSchema, messageInfoSchema } from './messages.js';
import { partSchema } from './parts.js';

const sessionScoped = { sessionID: z.string() };

/** The events of `GET /event` this package acts on. Others are passed through as unknown. */
export const knownEventSchemas = {
  'server.connected': z.looseObject({ type: z.literal('server.connected') }),
  'server.heartbeat': z.looseObject({ type: z.literal('server.heartbeat') }),
  'server.instance.disposed': z.looseObject({ type: z.literal('server.instance.disposed') }),
  'session.status': z.looseObject({
    type: z.literal('session.status'),
    properties: z.looseObject({
      ...sessionScoped,
      status: z.looseObject({
        type: z.string(),
        attempt: z.number().optional(),
        message: z.string().optional(),
        next: z.number().optional(),
      }),
    }),
  }),
  'session.idle': z.looseObject({
    type: z.literal('session.idle'),
    properties: z.looseObject(sessionScoped),
  }),
  'session.error': z.looseObject({
    type: z.literal('session.error'),
    properties: z.looseObject({
      sessionID: z.string().optional(),
      error: messageErrorSchema.optional(),
    }),
  }),
  'message.updated': z.looseObject({
    type: z.literal('message.updated'),
    properties: z.looseObject({ info: messageInfoSchema }),
  }),
  'message.part.updated': z.looseObject({
    type: z.literal('message.part.updated'),
    properties: z.looseObject({ part: partSchema }),
  }),
  'message.part.delta': z.looseObject({
    type: z.literal('message.part.delta'),
    properties: z.looseObject({
      ...sessionScoped,
      messageID: z.string(),
      partID: z.string(),
      field: z.string(),
      delta: z.string(),
    }),
  }),
  'permission.asked': z.looseObject({
    type: z.literal('permission.asked'),
    properties: z.looseObject({
      id: z.string(),
      ...sessionScoped,
      permission: z.string(),
      patterns: z.array(z.string()).default([]),
      metadata: z.record(z.string(), z.unknown()).default({}),
      always: z.array(z.string()).optional(),
      tool: z.looseObject({ messageID: z.string(), callID: z.string() }).optional(),
    }),
  }),
} as const;

type KnownSchemas = typeof knownEventSchemas;
export type KnownEventType = keyof KnownSchemas;
export type KnownEvent = { [K in KnownEventType]: z.infer<KnownSchemas[K]> }[KnownEventType];

/** An event whose type this package does not act on; kept for logging and forward compatibility. */
export interface UnknownEvent {
  type: 'unknown';
  originalType: string;
  raw: unknown;
}

export type OpenCodeEvent = KnownEvent | UnknownEvent;

/** The outcome of reading one SSE `data:` payload. */
export type ParsedEvent =
  | { ok: true; event: OpenCodeEvent }
  | { ok: false; reason: string; data: string };

/**
 * Parses and validates one event payload. A known event type whose shape does
 * not match, or a payload that is not JSON, is reported rather than thrown.
 */
export function parseEvent(data: string): ParsedEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'event is not valid JSON', data };
  }
  return readEvent(raw, data);
}

/** Validates one already-decoded event object; `data` is the text it came from, for reports. */
export function readEvent(raw: unknown, data: string): ParsedEvent {
  const type =
    typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') return { ok: false, reason: 'event has no type', data };
  if (!(type in knownEventSchemas))
    return { ok: true, event: { type: 'unknown', originalType: type, raw } };
  const parsed = knownEventSchemas[type as KnownEventType].safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `malformed ${type} event: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      data,
    };
  }
  return { ok: true, event: parsed.data as KnownEvent };
}

/** The session an event belongs to, if any. */
export function sessionOf(event: OpenCodeEvent): string | undefined {
  switch (event.type) {
    case 'session.status':
    case 'session.idle':
    case 'message.part.delta':
    case 'permission.asked':
      return event.properties.sessionID;
    case 'session.error':
      return event.properties.sessionID;
    case 'message.updated':
      return event.properties.info.sessionID;
    case 'message.part.updated':
      return event.properties.part.sessionID;
    default:
      return undefined;
  }
}
