import { z } from 'zod';

/** The `options` of a `simple` agent. */
export const simpleOptionsSchema = z.strictObject({
  systemPrompt: z.string().optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.int().positive().optional(),
});
