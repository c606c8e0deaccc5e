import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { toolEnd, toolStart, turnEnd, turnStart } from './test-support/fixtures.js';
import { harnessPerTest, hrToMs, parentId, spanId, T0 } from './test-support/otel-harness.js';

const newHarness = harnessPerTest();

describe('execute_tool spans', () => {
  it('spans a tool call as an INTERNAL child of its turn', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_a'));
    harness.at(100, 'tool_call_start', toolStart('run_a', 'call_1', 'bash'));
    harness.at(220, 'tool_call_end', toolEnd('run_a', 'call_1', 'bash'));
    harness.at(400, 'agent_turn_end', turnEnd('run_a'));

    const turn = harness.span('invoke_agent opencode');
    const tool = harness.span('execute_tool bash');
    expect(tool.kind).toBe(SpanKind.INTERNAL);
    expect(parentId(tool)).toBe(spanId(turn));
    expect(hrToMs(tool.startTime)).toBe(T0 + 100);
    expect(hrToMs(tool.endTime)).toBe(T0 + 220);
    expect(tool.status.code).toBe(SpanStatusCode.UNSET);
    expect(tool.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'bash',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.type': 'extension',
      'gen_ai.conversation.id': 'ses_4f2a9c',
      'openjarvis.run.id': 'run_a',
    });
  });

  it('marks a failing tool with error.type tool_error and the failure as status message', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_f'));
    harness.at(10, 'tool_call_start', toolStart('run_f', 'call_x', 'edit'));
    harness.at(
      30,
      'tool_call_end',
      toolEnd('run_f', 'call_x', 'edit', {
        success: false,
        output: 'old_string not found in src/math.ts',
        error: { kind: 'tool_error', message: 'old_string not found in src/math.ts' },
      }),
    );
    harness.at(50, 'agent_turn_end', turnEnd('run_f'));

    const tool = harness.span('execute_tool edit');
    expect(tool.attributes['error.type']).toBe('tool_error');
    expect(tool.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'old_string not found in src/math.ts',
    });
    // A failed tool does not fail the turn: the agent may recover from it.
    expect(harness.span('invoke_agent opencode').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('types tools of in-process agents as function, or as toolType says', () => {
    const harness = newHarness({
      toolType: ({ tool }) => (tool === 'search_docs' ? 'datastore' : 'function'),
    });
    harness.at(0, 'agent_turn_start', turnStart('run_l', 'simple'));
    harness.at(1, 'tool_call_start', toolStart('run_l', 'c1', 'search_docs', { agent: 'simple' }));
    harness.at(2, 'tool_call_end', toolEnd('run_l', 'c1', 'search_docs', { agent: 'simple' }));
    harness.at(3, 'tool_call_start', toolStart('run_l', 'c2', 'calculator', { agent: 'simple' }));
    harness.at(4, 'tool_call_end', toolEnd('run_l', 'c2', 'calculator', { agent: 'simple' }));
    harness.at(5, 'agent_turn_end', turnEnd('run_l', 'simple'));

    expect(harness.span('execute_tool search_docs').attributes['gen_ai.tool.type']).toBe(
      'datastore',
    );
    expect(harness.span('execute_tool calculator').attributes['gen_ai.tool.type']).toBe('function');
  });

  it('records arguments and result only when captureContent is on', () => {
    const harness = newHarness({ captureContent: true });
    harness.at(0, 'agent_turn_start', turnStart('run_c'));
    harness.at(1, 'tool_call_start', toolStart('run_c', 'c1', 'bash'));
    harness.at(2, 'tool_call_end', toolEnd('run_c', 'c1', 'bash'));
    harness.at(3, 'tool_call_start', toolStart('run_c', 'c2', 'grep', { input: 'TODO' }));
    harness.at(4, 'tool_call_end', toolEnd('run_c', 'c2', 'grep', { output: 'src/a.ts:3' }));
    harness.at(5, 'agent_turn_end', turnEnd('run_c'));

    const bash = harness.span('execute_tool bash');
    expect(bash.attributes['gen_ai.tool.call.arguments']).toBe('{"command":"npm test"}');
    expect(bash.attributes['gen_ai.tool.call.result']).toBe('1 passed');
    expect(harness.span('execute_tool grep').attributes['gen_ai.tool.call.arguments']).toBe('TODO');
  });

  it('leaves arguments and result out by default', () => {
    const harness = newHarness();
    harness.at(0, 'tool_call_start', toolStart('run_d', 'c1'));
    harness.at(1, 'tool_call_end', toolEnd('run_d', 'c1'));
    const tool = harness.span('execute_tool bash');
    expect(tool.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(tool.attributes['gen_ai.tool.call.result']).toBeUndefined();
    // Its turn was never seen, so the call is a root span.
    expect(parentId(tool)).toBeUndefined();
  });
});
