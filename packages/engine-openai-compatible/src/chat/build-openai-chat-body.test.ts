import type { ChatMessage, ToolDefinition } from '@openjarvis/core';
import { describe, expect, it } from 'vitest';
import { buildOpenAIChatBody } from './build-openai-chat-body.js';

const tools: ToolDefinition[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
];
const user: ChatMessage[] = [{ role: 'user', content: 'Weather in Oslo?' }];

describe('buildOpenAIChatBody', () => {
  it('sends tool_choice only when the caller chose one', () => {
    expect(buildOpenAIChatBody(user, { model: 'm', tools }, false)).not.toHaveProperty(
      'tool_choice',
    );
    expect(
      buildOpenAIChatBody(user, { model: 'm', tools, toolChoice: 'required' }, false).tool_choice,
    ).toBe('required');
    expect(buildOpenAIChatBody(user, { model: 'm', toolChoice: 'auto' }, false)).not.toHaveProperty(
      'tool_choice',
    );
  });

  it('merges extraBody last but keeps stream and include_usage', () => {
    const body = buildOpenAIChatBody(
      user,
      {
        model: 'm',
        temperature: 0,
        maxTokens: 60,
        extraBody: {
          parallel_tool_calls: false,
          logit_bias: [
            [90, 30],
            [4895, 30],
          ],
          temperature: 0.5,
          stream: false,
          stream_options: { continuous_usage_stats: true },
        },
      },
      true,
    );
    expect(body).toMatchObject({
      model: 'm',
      stream: true,
      temperature: 0.5,
      max_tokens: 60,
      parallel_tool_calls: false,
      logit_bias: [
        [90, 30],
        [4895, 30],
      ],
      stream_options: { continuous_usage_stats: true, include_usage: true },
    });
    expect(buildOpenAIChatBody(user, { model: 'm' }, false)).not.toHaveProperty('stream_options');
  });

  it('encodes a tool-result round trip with string arguments and tool_call_id', () => {
    const history: ChatMessage[] = [
      ...user,
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          {
            id: 'call_a',
            name: 'get_weather',
            arguments: { city: 'Oslo' },
            rawArguments: '{"city":"Oslo"}',
          },
          {
            id: 'call_b',
            name: 'get_weather',
            arguments: {},
            rawArguments: '{"city":"Os',
            argumentsError: 'truncated',
          },
        ],
      },
      { role: 'tool', content: '{"temp":3}', toolCallId: 'call_a', name: 'get_weather' },
    ];
    const body = buildOpenAIChatBody(history, { model: 'm' }, false);
    expect(body.messages).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'call_a',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
          },
          { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
        ],
      },
      { role: 'tool', content: '{"temp":3}', tool_call_id: 'call_a', name: 'get_weather' },
    ]);
  });
});
