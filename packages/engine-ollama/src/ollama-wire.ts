import type { ToolDefinition } from '@openjarvis/core';

/** A message as Ollama's native `/api/chat` takes it. */
export interface OllamaWireMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  tool_calls?: OllamaWireToolCall[];
  /** On tool results: the tool's name, which is how Ollama matches results to calls. */
  tool_name?: string;
  tool_call_id?: string;
}

/** A native tool call: arguments are a JSON object, not a string. */
export interface OllamaWireToolCall {
  id?: string;
  function: { name: string; arguments: Record<string, unknown> };
}

export interface OllamaChatRequestBody {
  model: string;
  messages: OllamaWireMessage[];
  stream: boolean;
  think?: boolean;
  keep_alive?: string | number;
  tools?: ToolDefinition[];
  options?: Record<string, unknown>;
  [extra: string]: unknown;
}
