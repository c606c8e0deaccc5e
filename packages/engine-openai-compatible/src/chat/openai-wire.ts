import type { ToolDefinition } from '@openjarvis/core';

/** A message as `/v1/chat/completions` takes it. */
export interface OpenAIWireMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  tool_calls?: OpenAIWireToolCall[];
  tool_call_id?: string;
  name?: string;
}

export interface OpenAIWireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAIWireToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };

/** The request body this package sends; `extraBody` may add anything else. */
export interface OpenAIChatRequestBody {
  model: string;
  messages: OpenAIWireMessage[];
  stream: boolean;
  stream_options?: { include_usage: true } & Record<string, unknown>;
  temperature?: number;
  max_tokens?: number;
  tools?: ToolDefinition[];
  tool_choice?: OpenAIWireToolChoice;
  [extra: string]: unknown;
}
