import type { ChatMessage } from '@openjarvis/core';
import type { OllamaWireMessage } from './ollama-wire.js';

/**
 * Core messages to Ollama's native shape: tool-call arguments as objects, and
 * tool results carrying `tool_name`. A result without a `name` gets the name
 * of the call its `toolCallId` answers, found in the earlier assistant turns.
 */
export function encodeOllamaMessages(messages: readonly ChatMessage[]): OllamaWireMessage[] {
  const callNames = new Map<string, string>();
  return messages.map((message) => {
    const wire: OllamaWireMessage = { role: message.role, content: message.content };
    if (message.toolCalls !== undefined && message.toolCalls.length > 0) {
      wire.tool_calls = message.toolCalls.map((call) => {
        callNames.set(call.id, call.name);
        return { id: call.id, function: { name: call.name, arguments: call.arguments } };
      });
    }
    if (message.role === 'tool') {
      const name =
        message.name ??
        (message.toolCallId === undefined ? undefined : callNames.get(message.toolCallId));
      if (name !== undefined) wire.tool_name = name;
      if (message.toolCallId !== undefined) wire.tool_call_id = message.toolCallId;
    }
    return wire;
  });
}
