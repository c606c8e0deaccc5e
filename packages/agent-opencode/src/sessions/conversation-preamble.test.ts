import { describe, expect, it } from 'vitest';
import { conversationPreamble } from './conversation-preamble.js';

describe('conversationPreamble', () => {
  it('is nothing for no earlier messages', () => {
    expect(conversationPreamble(undefined)).toBeUndefined();
    expect(conversationPreamble([])).toBeUndefined();
  });

  it('renders every role, tool calls and results, oldest first', () => {
    const text = conversationPreamble([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is in a.txt?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'c1', name: 'read', arguments: {}, rawArguments: '{"filePath":"a.txt"}' },
        ],
      },
      { role: 'tool', content: 'hello', name: 'read', toolCallId: 'c1' },
      { role: 'assistant', content: 'It says hello.' },
    ]);
    expect(text).toBe(
      [
        'The conversation so far, oldest first:',
        '[system]\nBe brief.',
        '[user]\nWhat is in a.txt?',
        '[assistant]\n(called read with {"filePath":"a.txt"})',
        '[tool result of read]\nhello',
        '[assistant]\nIt says hello.',
        'End of the earlier conversation. The request that follows continues it.',
      ].join('\n\n'),
    );
  });
});
