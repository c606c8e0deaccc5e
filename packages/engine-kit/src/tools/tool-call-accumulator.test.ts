import { loadRecording } from '@openjarvis/testing/fake-engines';
import { describe, expect, it } from 'vitest';
import { ToolCallAccumulator } from './tool-call-accumulator.js';

describe('ToolCallAccumulator', () => {
  it('takes whole calls without id or index as separate calls with call_<n> ids', () => {
    const calls = new ToolCallAccumulator();
    calls.add({ name: 'get_weather', arguments: '{"city":"Paris"}' }, 0, true);
    calls.add({ name: 'get_time', arguments: '{"zone":"CET"}' }, 0, true);
    expect(calls.finish('tool_calls')).toEqual([
      {
        id: 'call_0',
        name: 'get_weather',
        arguments: { city: 'Paris' },
        rawArguments: '{"city":"Paris"}',
      },
      {
        id: 'call_1',
        name: 'get_time',
        arguments: { zone: 'CET' },
        rawArguments: '{"zone":"CET"}',
      },
    ]);
  });

  it('joins token fragments keyed by index (vLLM shape)', () => {
    const calls = new ToolCallAccumulator();
    const first = calls.add(
      { index: 0, id: 'chatcmpl-tool-1', name: 'get_weather', arguments: '' },
      0,
    );
    expect(first).toEqual({
      type: 'tool_call_delta',
      index: 0,
      id: 'chatcmpl-tool-1',
      name: 'get_weather',
      argumentsDelta: '',
    });
    for (const token of ['{"', 'city', '":', ' "', 'Oslo', '"}'])
      calls.add({ index: 0, arguments: token }, 0);
    const [call] = calls.finish('tool_calls');
    expect(call).toEqual({
      id: 'chatcmpl-tool-1',
      name: 'get_weather',
      arguments: { city: 'Oslo' },
      rawArguments: '{"city": "Oslo"}',
    });
  });

  it('joins the character fragments of the recorded llama-server stream', () => {
    const body = loadRecording('chat_tools_stream').body.toString('utf8');
    const calls = new ToolCallAccumulator();
    let fragments = 0;
    for (const line of body.split('\n')) {
      if (!line.startsWith('data: {')) continue;
      const chunk = JSON.parse(line.slice(6)) as {
        choices: Array<{ delta: { tool_calls?: Array<Record<string, unknown>> } }>;
      };
      const toolCalls = chunk.choices[0]?.delta.tool_calls ?? [];
      toolCalls.forEach((entry, position) => {
        const fn = entry.function as { name?: string; arguments?: string };
        calls.add(
          {
            index: entry.index as number,
            id: entry.id as string | undefined,
            name: fn.name,
            arguments: fn.arguments,
          },
          position,
        );
        fragments++;
      });
    }
    expect(fragments).toBe(11);
    expect(calls.finish('tool_calls')).toEqual([
      {
        id: 'kwAFehZix2KvElPEU4FHsHPsbmKEMWBx',
        name: 'get_weather',
        arguments: { city: 'Oslo' },
        rawArguments: '{"city":"Oslo"}',
      },
    ]);
  });

  it('keys by id when there is no index, and continues keyless fragments by position', () => {
    const calls = new ToolCallAccumulator();
    calls.add({ id: 'a', name: 'one', arguments: '{"x"' }, 0);
    calls.add({ id: 'b', name: 'two', arguments: '{"y"' }, 1);
    calls.add({ id: 'a', arguments: ':1}' }, 0);
    calls.add({ arguments: ':2}' }, 1);
    expect(calls.finish('tool_calls').map((call) => [call.id, call.arguments])).toEqual([
      ['a', { x: 1 }],
      ['b', { y: 2 }],
    ]);
  });

  it('starts a new call when a known index arrives with a different id', () => {
    const calls = new ToolCallAccumulator();
    calls.add({ index: 0, id: 'first', name: 'f', arguments: '{}' }, 0);
    calls.add({ index: 0, id: 'second', name: 'g', arguments: '{}' }, 0);
    expect(calls.finish('tool_calls').map((call) => call.id)).toEqual(['first', 'second']);
  });

  it('reports truncated JSON under finish_reason length in argumentsError, without throwing', () => {
    const calls = new ToolCallAccumulator();
    calls.add({ index: 0, id: 'c', name: 'get_weather', arguments: '{"city":"Oslo"' }, 0);
    const [call] = calls.finish('length');
    expect(call?.arguments).toEqual({});
    expect(call?.rawArguments).toBe('{"city":"Oslo"');
    expect(call?.argumentsError).toMatch(/cut off at the token limit/);
  });

  it('treats empty arguments as none, and rejects non-object JSON and nameless calls', () => {
    const calls = new ToolCallAccumulator();
    calls.add({ name: 'now', arguments: '' }, 0, true);
    calls.add({ name: 'list', arguments: '[1,2]' }, 0, true);
    calls.add({ arguments: '{}' }, 0, true);
    const [empty, array, nameless] = calls.finish('tool_calls');
    expect(empty).toEqual({ id: 'call_0', name: 'now', arguments: {}, rawArguments: '' });
    expect(array?.argumentsError).toMatch(/JSON object/);
    expect(nameless?.argumentsError).toMatch(/no function name/);
  });

  it('hands each call out once', () => {
    const calls = new ToolCallAccumulator();
    calls.add({ name: 'a', arguments: '{}' }, 0, true);
    expect(calls.takeClosed()).toHaveLength(1);
    expect(calls.takeClosed()).toHaveLength(0);
    calls.add({ index: 5, name: 'b', arguments: '{}' }, 0);
    expect(calls.takeClosed()).toHaveLength(0);
    expect(calls.finish('tool_calls').map((call) => call.name)).toEqual(['b']);
    expect(calls.all().map((call) => call.name)).toEqual(['a', 'b']);
  });
});
