export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/** A tool call the model asked for, with its arguments parsed. */
export interface ToolCall {
  /** The engine's id for the call, or a synthesised `call_<n>` when the engine sent none. */
  id: string;
  name: string;
  /**
   * Parsed arguments. When the engine's JSON does not parse (a call cut off by
   * `max_tokens`), this is `{}` and `argumentsError` says why.
   */
  arguments: Record<string, unknown>;
  /** The arguments exactly as the engine sent them (a JSON string). */
  rawArguments: string;
  argumentsError?: string;
}

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** On assistant messages that called tools. */
  toolCalls?: ToolCall[];
  /** On `tool` messages: the call this message answers. */
  toolCallId?: string;
  /** On `tool` messages: the tool's name (Ollama matches results by name). */
  name?: string;
}

/** A tool offered to the model, in the OpenAI function shape every engine here accepts. */
export interface ToolDefinition {
  type: 'function';
  function: {
    name: string;
    description?: string;
    /** JSON Schema of the arguments. */
    parameters?: Record<string, unknown>;
  };
}

export type ToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };
