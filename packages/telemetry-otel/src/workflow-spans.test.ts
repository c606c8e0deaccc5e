import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  inferenceEnd,
  inferenceStart,
  result,
  toolEnd,
  toolStart,
  turnEnd,
  turnStart,
  workflowTag,
} from './test-support/fixtures.js';
import {
  harnessPerTest,
  type OtelHarness,
  parentId,
  spanId,
  traceId,
} from './test-support/otel-harness.js';

const newHarness = harnessPerTest();

const pipeline = 'fix-and-review';

/** A two-step pipeline: opencode fixes, a simple agent reviews. */
function runPipeline(h: OtelHarness, reviewFails = false): void {
  const fix = workflowTag('wf_1', 'fix');
  const review = workflowTag('wf_1', 'review');
  h.at(0, 'workflow_start', { workflowId: 'wf_1', workflow: pipeline, input: 'Fix bug #12' });
  h.at(1, 'workflow_node_start', {
    workflowId: 'wf_1',
    workflow: pipeline,
    step: 'fix',
    agent: 'opencode',
    input: 'Fix bug #12',
  });
  h.at(2, 'agent_turn_start', turnStart('run_fix', 'opencode', { workflow: fix }));
  h.at(3, 'tool_call_start', toolStart('run_fix', 'call_1', 'edit', { workflow: fix }));
  h.at(4, 'tool_call_end', toolEnd('run_fix', 'call_1', 'edit', { workflow: fix }));
  h.at(5, 'agent_turn_end', turnEnd('run_fix', 'opencode', { workflow: fix }));
  h.at(6, 'workflow_node_end', {
    workflowId: 'wf_1',
    workflow: pipeline,
    step: 'fix',
    agent: 'opencode',
    input: 'Fix bug #12',
    success: true,
    durationMs: 5,
    result: result('Fixed.'),
  });
  h.at(7, 'workflow_node_start', {
    workflowId: 'wf_1',
    workflow: pipeline,
    step: 'review',
    agent: 'simple',
    input: 'Fixed.',
  });
  h.at(8, 'agent_turn_start', turnStart('run_review', 'simple', { workflow: review }));
  const inferenceTags = { agent: 'simple', runId: 'run_review', workflow: review };
  h.at(9, 'inference_start', inferenceStart('inf_r', inferenceTags));
  h.at(10, 'inference_end', inferenceEnd('inf_r', inferenceTags));
  const failure = reviewFails
    ? {
        error: { kind: 'timeout' as const, message: 'timed out' },
        result: result('timed out', {
          metadata: { error: { kind: 'timeout', message: 'timed out' } },
        }),
      }
    : {};
  h.at(11, 'agent_turn_end', turnEnd('run_review', 'simple', { workflow: review, ...failure }));
  h.at(12, 'workflow_node_end', {
    workflowId: 'wf_1',
    workflow: pipeline,
    step: 'review',
    agent: 'simple',
    input: 'Fixed.',
    success: !reviewFails,
    durationMs: 5,
    ...(reviewFails
      ? {
          error: { kind: 'timeout' as const, message: 'review timed out' },
          result: result('timed out', {
            metadata: { error: { kind: 'timeout', message: 'timed out' } },
          }),
        }
      : { result: result('LGTM') }),
  });
  h.at(13, 'workflow_end', {
    workflowId: 'wf_1',
    workflow: pipeline,
    success: !reviewFails,
    durationMs: 13,
    ...(reviewFails
      ? {
          error: { kind: 'step_failed' as const, message: 'step review failed: timed out' },
          failedStep: 'review',
        }
      : {}),
  });
}

describe('invoke_workflow spans', () => {
  it('nests a two-step pipeline: workflow > step > turn > tool and chat', () => {
    const harness = newHarness();
    runPipeline(harness);

    const workflow = harness.span(`invoke_workflow ${pipeline}`);
    const fixStep = harness.span('workflow_step fix');
    const reviewStep = harness.span('workflow_step review');
    const fixTurn = harness.span('invoke_agent opencode');
    const reviewTurn = harness.span('invoke_agent simple');
    const edit = harness.span('execute_tool edit');
    const chat = harness.span('chat Qwen/Qwen3-8B');

    expect(workflow.kind).toBe(SpanKind.INTERNAL);
    expect(parentId(workflow)).toBeUndefined();
    expect(workflow.attributes).toEqual({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': pipeline,
      'openjarvis.workflow.id': 'wf_1',
    });
    expect(parentId(fixStep)).toBe(spanId(workflow));
    expect(parentId(reviewStep)).toBe(spanId(workflow));
    expect(fixStep.attributes).toEqual({
      'gen_ai.workflow.name': pipeline,
      'gen_ai.agent.name': 'opencode',
      'openjarvis.workflow.id': 'wf_1',
      'openjarvis.workflow.step': 'fix',
    });
    expect(parentId(fixTurn)).toBe(spanId(fixStep));
    expect(parentId(reviewTurn)).toBe(spanId(reviewStep));
    expect(fixTurn.attributes).toMatchObject({
      'gen_ai.workflow.name': pipeline,
      'openjarvis.workflow.id': 'wf_1',
      'openjarvis.workflow.step': 'fix',
    });
    expect(parentId(edit)).toBe(spanId(fixTurn));
    expect(parentId(chat)).toBe(spanId(reviewTurn));

    const traces = new Set(harness.spans().map(traceId));
    expect(traces.size).toBe(1);
    expect(harness.spans()).toHaveLength(7);
    expect(harness.instrumentation.openSpanCount).toBe(0);
  });

  it('puts turns straight under the workflow when stepSpans is off', () => {
    const harness = newHarness({ stepSpans: false });
    runPipeline(harness);
    const workflow = harness.span(`invoke_workflow ${pipeline}`);
    expect(harness.spans().filter((span) => span.name.startsWith('workflow_step'))).toEqual([]);
    expect(parentId(harness.span('invoke_agent opencode'))).toBe(spanId(workflow));
    expect(parentId(harness.span('invoke_agent simple'))).toBe(spanId(workflow));
  });

  it('marks the failed step, its turn and the pipeline', () => {
    const harness = newHarness();
    runPipeline(harness, true);

    const workflow = harness.span(`invoke_workflow ${pipeline}`);
    expect(workflow.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'step review failed: timed out',
    });
    expect(workflow.attributes['error.type']).toBe('step_failed');
    expect(workflow.attributes['openjarvis.workflow.failed_step']).toBe('review');
    const step = harness.span('workflow_step review');
    expect(step.attributes['error.type']).toBe('timeout');
    expect(step.status.message).toBe('review timed out');
    expect(harness.span('invoke_agent simple').attributes['error.type']).toBe('timeout');
    expect(harness.span('workflow_step fix').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ends a step left open when its pipeline ends', () => {
    const harness = newHarness();
    harness.at(0, 'workflow_start', { workflowId: 'wf_2', workflow: pipeline, input: 'x' });
    harness.at(1, 'workflow_node_start', {
      workflowId: 'wf_2',
      workflow: pipeline,
      step: 'fix',
      agent: 'opencode',
      input: 'x',
    });
    harness.at(2, 'workflow_end', {
      workflowId: 'wf_2',
      workflow: pipeline,
      success: false,
      durationMs: 2,
      error: { kind: 'aborted', message: 'aborted' },
    });
    const step = harness.span('workflow_step fix');
    expect(step.attributes['error.type']).toBe('interrupted');
    expect(harness.span(`invoke_workflow ${pipeline}`).attributes['error.type']).toBe('_OTHER');
    expect(harness.instrumentation.openSpanCount).toBe(0);
  });
});
