import type { AnyJarvisEvent, EventName, EventPayloads } from '@openjarvis/core';
import { describe, expect, it } from 'vitest';
import { advanceClock, applyEvent, emptyState, type UiState } from './run-state.js';

function event<T extends EventName>(type: T, timestamp: number, data: EventPayloads[T]) {
  return { type, timestamp, data } as AnyJarvisEvent;
}

const base = { agent: 'opencode', runId: 'r1' };

function fold(events: AnyJarvisEvent[]): { state: UiState; keys: (string | undefined)[] } {
  const state = emptyState();
  const keys = events.map((each) => applyEvent(state, each));
  return { state, keys };
}

describe('applyEvent', () => {
  it('pairs tool starts and ends by call id, and keeps their order', () => {
    const { state, keys } = fold([
      event('agent_turn_start', 1000, { ...base, input: 'task', model: 'm' }),
      event('tool_call_start', 1100, {
        ...base,
        tool: 'write',
        callId: 'a',
        input: { filePath: 'x' },
      }),
      event('tool_call_start', 1150, {
        ...base,
        tool: 'bash',
        callId: 'b',
        input: { command: 'ls' },
      }),
      event('tool_call_end', 1300, {
        ...base,
        tool: 'bash',
        callId: 'b',
        success: false,
        output: '',
        durationMs: 150,
        error: { kind: 'tool_error', message: 'exit 1' },
      }),
      event('tool_call_end', 1400, {
        ...base,
        tool: 'write',
        callId: 'a',
        success: true,
        output: '',
        durationMs: 300,
      }),
    ]);
    const run = state.runs.get('r1');
    expect(
      run?.tools.map((call) => [call.tool, call.startedAt, call.endedAt, call.success, call.error]),
    ).toEqual([
      ['write', 1100, 1400, true, undefined],
      ['bash', 1150, 1300, false, 'exit 1'],
    ]);
    expect(run?.lastAt).toBe(1400);
    expect(keys).toEqual(Array(5).fill('run:r1'));
    expect(state.order).toEqual(['run:r1']);
  });

  it('draws a tool whose start it never saw from its end and duration', () => {
    const { state } = fold([
      event('tool_call_end', 5000, {
        ...base,
        tool: 'read',
        callId: 'c',
        success: true,
        output: '',
        durationMs: 400,
      }),
    ]);
    expect(state.runs.get('r1')?.tools[0]).toMatchObject({
      tool: 'read',
      startedAt: 4600,
      endedAt: 5000,
    });
  });

  it('joins consecutive text deltas of one kind', () => {
    const { state } = fold([
      event('agent_text_delta', 1, { ...base, delta: 'thinking ', kind: 'reasoning' }),
      event('agent_text_delta', 2, { ...base, delta: 'more', kind: 'reasoning' }),
      event('agent_text_delta', 3, { ...base, delta: 'Hello', kind: 'text' }),
      event('agent_text_delta', 4, { ...base, delta: ', world', kind: 'text' }),
    ]);
    expect(state.runs.get('r1')?.text).toEqual([
      { kind: 'reasoning', text: 'thinking more' },
      { kind: 'text', text: 'Hello, world' },
    ]);
  });

  it('answers a permission ask by its request id', () => {
    const ask = { ...base, requestId: 'p1', sessionId: 's', permission: 'bash' };
    const { state } = fold([
      event('permission_request', 10, { ...ask, patterns: ['ls'], metadata: {} }),
      event('permission_reply', 25, { ...ask, reply: 'reject', by: 'timeout' }),
    ]);
    expect(state.runs.get('r1')?.permissions).toEqual([
      {
        requestId: 'p1',
        permission: 'bash',
        patterns: ['ls'],
        askedAt: 10,
        reply: 'reject',
        by: 'timeout',
        answeredAt: 25,
      },
    ]);
  });

  it('ends a run with its outcome, tokens and diff', () => {
    const diff = {
      files: [],
      totals: { files: 0, additions: 0, deletions: 0 },
      truncated: false,
      shared: false,
    };
    const { state } = fold([
      event('agent_turn_start', 0, { ...base, input: 'task' }),
      event('workspace_diff', 90, { ...base, diff }),
      event('agent_turn_end', 100, {
        ...base,
        turns: 1,
        error: { kind: 'timeout', message: 'the run did not finish in time' },
        durationMs: 100,
        usage: { inputTokens: 5, outputTokens: 7 },
        result: {
          content: '',
          toolResults: [],
          turns: 1,
          metadata: {},
        } as unknown as EventPayloads['agent_turn_end']['result'],
      }),
    ]);
    expect(state.runs.get('r1')).toMatchObject({
      endedAt: 100,
      failed: true,
      errorKind: 'timeout',
      usage: { inputTokens: 5, outputTokens: 7 },
      diff,
    });
  });

  it('nests the runs of a pipeline under their steps, not at the top level', () => {
    const flow = { workflowId: 'w1', workflow: 'plan-build' };
    const tag = (step: string) => ({ id: 'w1', name: 'plan-build', step });
    const { state, keys } = fold([
      event('workflow_start', 0, { ...flow, input: 'task' }),
      event('workflow_node_start', 1, {
        ...flow,
        step: 'plan',
        agent: 'opencode',
        input: 'task',
        runId: 'r-plan',
      }),
      event('agent_turn_start', 2, {
        agent: 'opencode',
        runId: 'r-plan',
        input: 'task',
        workflow: tag('plan'),
      }),
      event('workflow_node_end', 3, {
        ...flow,
        step: 'plan',
        agent: 'opencode',
        input: 'task',
        runId: 'r-plan',
        success: true,
        durationMs: 2,
      }),
      // A run whose node_start carried no run id is matched by its tag.
      event('workflow_node_start', 4, { ...flow, step: 'build', agent: 'opencode', input: 'task' }),
      event('tool_call_start', 5, {
        agent: 'opencode',
        runId: 'r-build',
        tool: 'bash',
        callId: 'x',
        input: {},
        workflow: tag('build'),
      }),
      event('workflow_end', 9, {
        ...flow,
        success: false,
        durationMs: 9,
        error: { kind: 'step_failed', message: 'build failed' },
      }),
      event('inference_start', 9, {
        inferenceId: 'i',
        engine: 'e',
        model: 'm',
        messageCount: 1,
        stream: true,
      }),
    ]);
    expect(state.order).toEqual(['workflow:w1']);
    const workflow = state.workflows.get('w1');
    expect(workflow?.steps.map((each) => [each.step, each.runId, each.success])).toEqual([
      ['plan', 'r-plan', true],
      ['build', 'r-build', undefined],
    ]);
    expect(workflow).toMatchObject({ success: false, error: 'build failed', endedAt: 9 });
    expect(keys).toEqual([...Array(7).fill('workflow:w1'), undefined]);
  });

  it('advances the clock of running runs only', () => {
    const { state } = fold([
      event('agent_turn_start', 100, { ...base, input: 'running' }),
      event('agent_turn_start', 100, { agent: 'opencode', runId: 'r2', input: 'ended' }),
      event('agent_turn_end', 200, {
        agent: 'opencode',
        runId: 'r2',
        turns: 1,
        durationMs: 100,
        result: {} as EventPayloads['agent_turn_end']['result'],
      }),
    ]);
    expect(advanceClock(state, 900)).toEqual(['run:r1']);
    expect(state.runs.get('r1')?.lastAt).toBe(900);
    expect(state.runs.get('r2')?.lastAt).toBe(200);
    expect(advanceClock(state, 500)).toEqual([]);
  });

  it('ignores an event without a payload object, as a recording may hold', () => {
    const state = emptyState();
    for (const data of [null, undefined, 'text']) {
      const odd = { type: 'tool_call_start', timestamp: 1, data } as unknown as AnyJarvisEvent;
      expect(applyEvent(state, odd)).toBeUndefined();
    }
    expect(state.runs.size).toBe(0);
  });
});
