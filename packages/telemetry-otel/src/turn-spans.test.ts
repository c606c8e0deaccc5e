import type { Failure, RunMetadata } from '@openjarvis/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { result, toolEnd, toolStart, turnEnd, turnStart } from './test-support/fixtures.js';
import {
  harnessPerTest,
  hrToMs,
  parentId,
  spanId,
  T0,
  traceId,
} from './test-support/otel-harness.js';

const newHarness = harnessPerTest();

describe('invoke_agent spans', () => {
  it('spans a remote agent turn as CLIENT with the GenAI attributes and event times', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_a'));
    harness.at(900, 'agent_turn_end', turnEnd('run_a'));

    const span = harness.span('invoke_agent opencode');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(parentId(span)).toBeUndefined();
    expect(hrToMs(span.startTime)).toBe(T0);
    expect(hrToMs(span.endTime)).toBe(T0 + 900);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'opencode',
      'gen_ai.provider.name': 'ollama',
      'gen_ai.request.model': 'qwen3-coder:30b',
      'gen_ai.conversation.id': 'ses_4f2a9c',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 340,
      'server.address': '127.0.0.1',
      'server.port': 41731,
      'openjarvis.run.id': 'run_a',
      'openjarvis.agent.turns': 2,
    });
    expect(harness.instrumentation.openSpanCount).toBe(0);
  });

  it('spans in-process agents as INTERNAL and honours remoteAgents', () => {
    const harness = newHarness({ remoteAgents: ['remote-coder'] });
    harness.at(0, 'agent_turn_start', turnStart('run_s', 'simple'));
    harness.at(5, 'agent_turn_start', turnStart('run_r', 'remote-coder'));
    harness.at(10, 'agent_turn_start', turnStart('run_o', 'opencode'));
    harness.at(20, 'agent_turn_end', turnEnd('run_s', 'simple'));
    harness.at(30, 'agent_turn_end', turnEnd('run_r', 'remote-coder'));
    harness.at(40, 'agent_turn_end', turnEnd('run_o', 'opencode'));

    expect(harness.span('invoke_agent simple').kind).toBe(SpanKind.INTERNAL);
    expect(harness.span('invoke_agent remote-coder').kind).toBe(SpanKind.CLIENT);
    expect(harness.span('invoke_agent opencode').kind).toBe(SpanKind.INTERNAL);
  });

  it('marks an errored turn with error.type from errorKind and an ERROR status', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_e'));
    harness.at(
      300,
      'agent_turn_end',
      turnEnd('run_e', 'opencode', {
        error: { kind: 'engine_unreachable', message: 'opencode serve exited with code 1' },
        usage: undefined,
        result: result('opencode serve exited with code 1', {
          metadata: { error: { kind: 'engine_unreachable', message: 'exited' } },
        }),
      }),
    );

    const span = harness.span('invoke_agent opencode');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('engine_unreachable');
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it("takes a remote turn's finish reason from its result metadata", () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_f'));
    harness.at(
      10,
      'agent_turn_end',
      // An opencode result's metadata, as a remote turn brings it.
      turnEnd('run_f', 'opencode', {
        result: result('Done.', { metadata: { finish: 'stop' } as RunMetadata }),
      }),
    );
    expect(
      harness.span('invoke_agent opencode').attributes['gen_ai.response.finish_reasons'],
    ).toEqual(['stop']);
  });

  it('falls back to _OTHER when a failed turn names no error kind', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_e', 'simple'));
    harness.at(
      10,
      'agent_turn_end',
      // A malformed failure, as a replayed recording may bring it: no kind.
      turnEnd('run_e', 'simple', {
        result: result('boom', { metadata: { error: {} as unknown as Failure } }),
      }),
    );
    expect(harness.span('invoke_agent simple').attributes['error.type']).toBe('_OTHER');
  });

  it('keeps concurrent runs apart, tool calls with the same callId included', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_1'));
    harness.at(1, 'agent_turn_start', turnStart('run_2', 'opencode', { model: 'llama3.2:3b' }));
    harness.at(2, 'tool_call_start', toolStart('run_2', 'call_0', 'read'));
    harness.at(3, 'tool_call_start', toolStart('run_1', 'call_0', 'bash'));
    harness.at(4, 'tool_call_end', toolEnd('run_1', 'call_0', 'bash'));
    harness.at(5, 'tool_call_end', toolEnd('run_2', 'call_0', 'read'));
    harness.at(6, 'agent_turn_end', turnEnd('run_2', 'opencode', { sessionId: 'ses_2' }));
    harness.at(7, 'agent_turn_end', turnEnd('run_1', 'opencode', { sessionId: 'ses_1' }));

    const turns = harness.spans().filter((span) => span.name === 'invoke_agent opencode');
    expect(turns).toHaveLength(2);
    const byRun = new Map(turns.map((span) => [span.attributes['openjarvis.run.id'], span]));
    const run1 = byRun.get('run_1');
    const run2 = byRun.get('run_2');
    expect(run1?.attributes['gen_ai.conversation.id']).toBe('ses_1');
    expect(run2?.attributes['gen_ai.conversation.id']).toBe('ses_2');
    expect(run2?.attributes['gen_ai.request.model']).toBe('llama3.2:3b');
    expect(run1 && traceId(run1)).not.toBe(run2 && traceId(run2));

    const bash = harness.span('execute_tool bash');
    const read = harness.span('execute_tool read');
    expect(parentId(bash)).toBe(run1 && spanId(run1));
    expect(parentId(read)).toBe(run2 && spanId(run2));
    expect(harness.instrumentation.openSpanCount).toBe(0);
  });

  it('records input and output messages only when captureContent is on', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_q'));
    harness.at(10, 'agent_turn_end', turnEnd('run_q'));
    const quiet = harness.span('invoke_agent opencode');
    expect(quiet.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(quiet.attributes['gen_ai.output.messages']).toBeUndefined();
  });

  it('records input and output messages in the conventions JSON shape', async () => {
    const harness = newHarness({ captureContent: true });
    harness.at(0, 'agent_turn_start', turnStart('run_c'));
    harness.at(10, 'agent_turn_end', turnEnd('run_c'));
    const span = harness.span('invoke_agent opencode');
    expect(JSON.parse(String(span.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Fix the failing test in src/math.ts' }] },
    ]);
    expect(JSON.parse(String(span.attributes['gen_ai.output.messages']))).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'The test passes now.' }],
        finish_reason: 'stop',
      },
    ]);
  });

  it('adds status, permission and error events to the turn and learns the session early', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_p'));
    harness.at(1, 'agent_status', {
      agent: 'opencode',
      runId: 'run_p',
      status: 'retrying',
      attempt: 2,
      message: 'rate limited',
    });
    harness.at(2, 'agent_text_delta', {
      agent: 'opencode',
      runId: 'run_p',
      delta: 'Looking',
      kind: 'text',
      sessionId: 'ses_early',
    });
    harness.at(3, 'permission_request', {
      agent: 'opencode',
      runId: 'run_p',
      requestId: 'per_1',
      sessionId: 'ses_early',
      permission: 'bash',
      patterns: ['rm -rf build'],
      callId: 'call_9',
      metadata: {},
    });
    harness.at(4, 'permission_reply', {
      agent: 'opencode',
      runId: 'run_p',
      requestId: 'per_1',
      sessionId: 'ses_early',
      permission: 'bash',
      reply: 'reject',
      by: 'policy',
    });
    harness.at(5, 'agent_error', {
      agent: 'opencode',
      runId: 'run_p',
      kind: 'malformed_event',
      message: 'unknown part type',
    });
    harness.at(6, 'agent_turn_end', turnEnd('run_p', 'opencode', { sessionId: undefined }));

    const span = harness.span('invoke_agent opencode');
    expect(span.attributes['gen_ai.conversation.id']).toBe('ses_early');
    expect(span.events.map((event) => [event.name, hrToMs(event.time) - T0])).toEqual([
      ['agent_status', 1],
      ['permission_request', 3],
      ['permission_reply', 4],
      ['agent_error', 5],
    ]);
    expect(span.events[0]?.attributes).toEqual({
      'openjarvis.agent.status': 'retrying',
      'openjarvis.agent.status.attempt': 2,
      'openjarvis.agent.status.message': 'rate limited',
    });
    expect(span.events[1]?.attributes).toEqual({
      'openjarvis.permission.name': 'bash',
      'openjarvis.permission.request_id': 'per_1',
      'gen_ai.tool.call.id': 'call_9',
    });
    expect(span.events[2]?.attributes).toMatchObject({
      'openjarvis.permission.reply': 'reject',
      'openjarvis.permission.replied_by': 'policy',
    });
  });
});
