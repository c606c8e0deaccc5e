import { z } from 'zod';

const time = z.looseObject({ start: z.number().optional(), end: z.number().optional() });

export const toolStateSchema = z.discriminatedUnion('status', [
  z.looseObject({
    status: z.literal('pending'),
    input: z.unknown().optional(),
    raw: z.string().optional(),
  }),
  z.looseObject({
    status: z.literal('running'),
    input: z.unknown().optional(),
    title: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    time: time.optional(),
  }),
  z.looseObject({
    status: z.literal('completed'),
    input: z.unknown().optional(),
    output: z.string().optional(),
    title: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    time: time.optional(),
  }),
  z.looseObject({
    status: z.literal('error'),
    input: z.unknown().optional(),
    error: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    time: time.optional(),
  }),
]);

export type ToolState = z.infer<typeof toolStateSchema>;

const partBase = { id: z.string(), sessionID: z.string(), messageID: z.string() };

export const toolPartSchema = z.looseObject({
  ...partBase,
  type: z.literal('tool'),
  tool: z.string(),
  callID: z.string(),
  state: toolStateSchema,
});

export const textPartSchema = z.looseObject({
  ...partBase,
  type: z.enum(['text', 'reasoning']),
  text: z.string(),
  time: time.optional(),
});

/** Any part: tool and text parts are checked closely, the others only for their envelope. */
export const partSchema = z.union([
  toolPartSchema,
  textPartSchema,
  z.looseObject({ ...partBase, type: z.string() }),
]);

export type ToolPart = z.infer<typeof toolPartSchema>;
export type TextPart = z.infer<typeof textPartSchema>;
export type Part = z.infer<typeof partSchema>;

export function isToolPart(part: Part): part is ToolPart {
  return part.type === 'tool' && 'state' in part;
}

export function isTextPart(part: Part): part is TextPart {
  return (part.type === 'text' || part.type === 'reasoning') && typeof part.text === 'string';
}
