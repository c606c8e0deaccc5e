import { z } from 'zod';
import { partSchema } from './parts.js';

export const tokensSchema = z.looseObject({
  total: z.number().optional(),
  input: z.number().default(0),
  output: z.number().default(0),
  reasoning: z.number().default(0),
  cache: z.looseObject({ read: z.number().default(0), write: z.number().default(0) }).optional(),
});

export const messageErrorSchema = z.looseObject({
  name: z.string(),
  data: z.looseObject({ message: z.string().optional() }).optional(),
});

export const messageInfoSchema = z.looseObject({
  id: z.string(),
  sessionID: z.string(),
  role: z.enum(['user', 'assistant']),
  parentID: z.string().optional(),
  modelID: z.string().optional(),
  providerID: z.string().optional(),
  agent: z.string().optional(),
  finish: z.string().optional(),
  tokens: tokensSchema.optional(),
  time: z.looseObject({ created: z.number(), completed: z.number().optional() }).optional(),
  error: messageErrorSchema.optional(),
});

export const messageWithPartsSchema = z.looseObject({
  info: messageInfoSchema,
  parts: z.array(partSchema),
});

export type Tokens = z.infer<typeof tokensSchema>;
export type MessageError = z.infer<typeof messageErrorSchema>;
export type MessageInfo = z.infer<typeof messageInfoSchema>;
export type MessageWithParts = z.infer<typeof messageWithPartsSchema>;
