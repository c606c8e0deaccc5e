/** A tool call the scripted model makes. `arguments` may be an object or a raw JSON string. */
export interface ScriptedToolCall {
  name: string;
  arguments: Record<string, unknown> | string;
  /** @default `call_<request index>_<n>` */
  id?: string;
}

/** When a reply is sent: before its headers, and between its streamed chunks. */
export interface ReplyTiming {
  /** Wait before sending the response headers. @default 0 */
  delayMs?: number;
  /** Wait between streamed chunks. @default 0 */
  chunkDelayMs?: number;
}

/** What the scripted model does with one request. */
export type ModelReply =
  | (ReplyTiming & { kind: 'text'; text: string; reasoning?: string })
  | (ReplyTiming & { kind: 'tool_calls'; calls: ScriptedToolCall[]; text?: string })
  /** Answer with a non-2xx status and an OpenAI-style error body. */
  | (ReplyTiming & { kind: 'http_error'; status: number; message: string; type?: string })
  /** Start a 200 stream, then send a chunk that is not valid JSON. */
  | (ReplyTiming & { kind: 'malformed' })
  /** Accept the request and never answer (until the client goes away). */
  | { kind: 'hang' };

/** Builders for `ModelReply`, so scripts read as a sentence. */
export const reply = {
  text: (text: string, timing: ReplyTiming & { reasoning?: string } = {}): ModelReply => ({
    kind: 'text',
    text,
    ...timing,
  }),
  toolCall: (
    name: string,
    args: Record<string, unknown> | string,
    timing: ReplyTiming & { id?: string } = {},
  ): ModelReply => {
    const { id, ...rest } = timing;
    return {
      kind: 'tool_calls',
      calls: [id === undefined ? { name, arguments: args } : { name, arguments: args, id }],
      ...rest,
    };
  },
  toolCalls: (calls: ScriptedToolCall[], timing: ReplyTiming = {}): ModelReply => ({
    kind: 'tool_calls',
    calls,
    ...timing,
  }),
  httpError: (status: number, message: string, type = 'server_error'): ModelReply => ({
    kind: 'http_error',
    status,
    message,
    type,
  }),
  malformed: (): ModelReply => ({ kind: 'malformed' }),
  hang: (): ModelReply => ({ kind: 'hang' }),
};
