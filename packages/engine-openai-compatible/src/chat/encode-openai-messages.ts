import type { ChatMessage, ToolCall } from '@openjarvis/core';
import type { OpenAIWireMessage, OpenAIWireToolCall } from './openai-wire.js';

/** Core messages to the `/v1` wire shape (tool-call arguments as JSON strings). */
export function encodeOpenAIMessages(messages: readonly ChatMessage[]): OpenAIWireMessage[] {
  return messages.map((message) => {
    const wire: OpenAIWireMessage = { role: message.role, content: message.content };
    if (message.toolCalls !== undefined && message.toolCalls.length > 0) {
      wire.tool_calls = message.toolCalls.map(encodeToolCall);
    }
    if (message.toolCallId !== undefined) wire.tool_call_id = message.toolCallId;
    if (message.name !== undefined) wire.name = message.name;
    return wire;
  });
}

/**
 * The model's own argument text is sent back unchanged when it parsed, so the
 * history matches what the engine produced (and its prompt cache). Text that
 * did not parse is replaced by the parsed fallback: chat templates that decode
 * arguments would otherwise reject the whole history.
 */
export function toolCallArgumentText(call: ToolCall): string {
  const raw: unknown = call.rawArguments;
  const usable = call.argumentsError === undefined && typeof raw === 'string' && raw.trim() !== '';
  return usable ? call.rawArguments : JSON.stringify(call.arguments);
}

function encodeToolCall(call: ToolCall): OpenAIWireToolCall {
  return {
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: toolCallArgumentText(call) },
  };
}
