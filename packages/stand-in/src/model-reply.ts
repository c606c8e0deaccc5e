import type { BodyFault } from './transport/write-body.js';

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
  /**
   * Wait between streamed chunks of the content (text, reasoning, tool-call
   * fragments); the closing chunks follow the last at once. @default 0
   */
  chunkDelayMs?: number;
  /**
   * A transport fault on the body, after a 200 and its headers: `cut` ends the
   * connection after `afterBytes` bytes (an engine dying mid-reply), `stall`
   * sends `afterBytes` bytes and then nothing more with the connection open
   * (an engine hung mid-reply; cut inside a JSON value, a truncated body).
   */
  fault?: BodyFault;
}

/** What the scripted model does with one request. */
export type ModelReply =
  | (ReplyTiming & { kind: 'text'; text: string; reasoning?: string })
  | (ReplyTiming & { kind: 'tool_calls'; calls: ScriptedToolCall[]; text?: string })
  /** Answer with a non-2xx status and an OpenAI-style error body. */
  | (ReplyTiming & {
      kind: 'http_error';
      status: number;
      message: string;
      type?: string;
      /** Sent as `error.code`, as llama-server does. */
      code?: number;
    })
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
  /** llama-server's answer to every request while it loads its model (recorded). */
  loading: (): ModelReply => ({
    kind: 'http_error',
    status: 503,
    message: 'Loading model',
    type: 'unavailable_error',
    code: 503,
  }),
  malformed: (): ModelReply => ({ kind: 'malformed' }),
  hang: (): ModelReply => ({ kind: 'hang' }),
};
