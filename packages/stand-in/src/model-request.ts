/** A chat message as OpenAI-compatible clients send it. */
export interface WireMessage {
  role: string;
  content?: string | null | Array<{ type: string; text?: string }>;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

/** One request the scripted model received, with the facts scripts decide on. */
export interface ModelRequest {
  /** 0 for the first request the server received. */
  index: number;
  /** When the request arrived (ms since epoch). */
  receivedAt: number;
  body: {
    model?: string;
    messages: WireMessage[];
    tools?: Array<{ type: string; function: { name: string } }>;
    stream?: boolean;
    max_tokens?: number;
    temperature?: number;
    [key: string]: unknown;
  };
  headers: Record<string, string | string[] | undefined>;
  /** The text of the last user message. */
  userText: string;
  /**
   * How many assistant messages follow the last user message: 0 on the first
   * model call of a turn, 1 after one tool round trip, and so on.
   */
  step: number;
  /** The tool results sent back since the last user message, in order. */
  toolResults: Array<{ callId: string; content: string }>;
  /** opencode's title-generation request (no tools, title system prompt). */
  isTitleRequest: boolean;
}

export function describeRequest(
  index: number,
  body: ModelRequest['body'],
  headers: ModelRequest['headers'],
): ModelRequest {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      lastUser = i;
      break;
    }
  }
  const after = messages.slice(lastUser + 1);
  const system = messages.find((m) => m.role === 'system');
  return {
    index,
    receivedAt: Date.now(),
    body,
    headers,
    userText: lastUser === -1 ? '' : textOf(messages[lastUser]?.content),
    step: after.filter((m) => m.role === 'assistant').length,
    toolResults: after
      .filter((m) => m.role === 'tool')
      .map((m) => ({ callId: m.tool_call_id ?? '', content: textOf(m.content) })),
    isTitleRequest: body.tools === undefined && textOf(system?.content).includes('title generator'),
  };
}

function textOf(content: WireMessage['content']): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
  return '';
}
