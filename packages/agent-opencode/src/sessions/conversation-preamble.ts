import type { ChatMessage } from '@openjarvis/core';

/**
 * Renders an `AgentContext`'s earlier messages as the text opencode receives
 * before the input, on a session's first prompt. opencode keeps its own
 * history and has no way to take in another conversation's assistant
 * messages, so the conversation so far is given as one transcript, oldest
 * first, in a synthetic part of the first user message (sent to the model,
 * hidden from opencode's UI). Returns `undefined` for no messages.
 */
export function conversationPreamble(
  messages: readonly ChatMessage[] | undefined,
): string | undefined {
  if (messages === undefined || messages.length === 0) return undefined;
  const turns = messages.map((message) => {
    const lines = [`[${labelOf(message)}]`];
    if (message.content !== '') lines.push(message.content);
    for (const call of message.toolCalls ?? []) {
      lines.push(
        `(called ${call.name} with ${call.rawArguments || JSON.stringify(call.arguments)})`,
      );
    }
    return lines.join('\n');
  });
  return [
    'The conversation so far, oldest first:',
    ...turns,
    'End of the earlier conversation. The request that follows continues it.',
  ].join('\n\n');
}

function labelOf(message: ChatMessage): string {
  if (message.role !== 'tool') return message.role;
  return message.name === undefined ? 'tool result' : `tool result of ${message.name}`;
}
