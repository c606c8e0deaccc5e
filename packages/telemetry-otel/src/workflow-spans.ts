import type {
  EventOf,
  WorkflowEndData,
  WorkflowNodeEndData,
  WorkflowNodeStartData,
  WorkflowStartData,
  WorkflowTag,
} from '@openjarvis/core';
import { type Attributes, type Span, SpanKind } from '@opentelemetry/api';
import { inputMessages } from './captured-content.js';
import { MalformedEventError } from './malformed-event-error.js';
import type { OpenSpan } from './open-spans.js';
import { PairedSpans } from './paired-spans.js';
import { bool, type Fields, failureOf, fieldsOf, num, str } from './payload-fields.js';
import { ERROR_TYPE_OTHER, ErrorTypes, GenAi, GenAiOperation, JarvisAttr } from './semconv.js';
import type { Failure, SpanSupport } from './span-support.js';

const separator = '\u0000';

function stepKey(workflowId: string, step: string): string {
  return `${workflowId}${separator}${step}`;
}

/**
 * `invoke_workflow {pipeline}` spans from `workflow_start` to `workflow_end`
 * (by `workflowId`), and optionally a `workflow_step {step}` span per
 * `workflow_node_start` / `workflow_node_end`. Agent runs tagged with the
 * workflow become their children.
 */
export class WorkflowSpans {
  readonly #support: SpanSupport;
  readonly #workflows: PairedSpans<OpenSpan>;
  readonly #steps: PairedSpans<OpenSpan>;

  constructor(support: SpanSupport) {
    this.#support = support;
    this.#workflows = new PairedSpans(support);
    this.#steps = new PairedSpans(support);
  }

  get openCount(): number {
    return this.#workflows.size + this.#steps.size;
  }

  /** The span an agent run of this workflow step hangs under: its step's, else its workflow's. */
  parentOf(tag: WorkflowTag | undefined): Span | undefined {
    if (tag === undefined) return undefined;
    return (this.#steps.get(stepKey(tag.id, tag.step)) ?? this.#workflows.get(tag.id))?.span;
  }

  onWorkflowStart(event: EventOf<'workflow_start'>): void {
    const data = fieldsOf<WorkflowStartData>(event.data);
    const workflowId = str(data.workflowId);
    if (workflowId === undefined) {
      this.#support.report(new MalformedEventError(event.type, 'no workflowId'), event);
      return;
    }
    this.#workflows.open(workflowId, this.#startWorkflow(data, workflowId, event.timestamp));
  }

  onWorkflowEnd(event: EventOf<'workflow_end'>): void {
    const data = fieldsOf<WorkflowEndData>(event.data);
    const workflowId = str(data.workflowId);
    if (workflowId === undefined) {
      this.#support.report(new MalformedEventError(event.type, 'no workflowId'), event);
      return;
    }
    for (const step of this.#steps.takeWhere((key) => key.startsWith(workflowId + separator))) {
      this.#support.interrupt(step, event.timestamp, 'the pipeline ended before this step did');
    }
    const durationMs = num(data.durationMs);
    const entry = this.#workflows.end(workflowId, event, durationMs, (startMs) =>
      this.#startWorkflow(data, workflowId, startMs),
    );
    if (entry === undefined) return;
    const failedStep = str(data.failedStep);
    if (failedStep !== undefined)
      entry.span.setAttribute(JarvisAttr.WORKFLOW_FAILED_STEP, failedStep);
    const failure: Failure | undefined =
      bool(data.success) === false
        ? {
            type: failedStep === undefined ? ERROR_TYPE_OTHER : ErrorTypes.STEP_FAILED,
            message: failureOf(data.error)?.message,
          }
        : undefined;
    this.#support.finish(entry, event.timestamp, failure);
    this.#support.metrics.recordDuration(
      { operation: GenAiOperation.INVOKE_WORKFLOW, errorType: failure?.type },
      (durationMs ?? event.timestamp - entry.startMs) / 1000,
    );
  }

  onNodeStart(event: EventOf<'workflow_node_start'>): void {
    if (!this.#support.options.stepSpans) return;
    const data = fieldsOf<WorkflowNodeStartData>(event.data);
    const key = this.#stepKeyOf(data, event);
    if (key === undefined) return;
    this.#steps.open(key, this.#startStep(data, event.timestamp));
  }

  onNodeEnd(event: EventOf<'workflow_node_end'>): void {
    if (!this.#support.options.stepSpans) return;
    const data = fieldsOf<WorkflowNodeEndData>(event.data);
    const key = this.#stepKeyOf(data, event);
    if (key === undefined) return;
    const entry = this.#steps.end(key, event, num(data.durationMs), (startMs) =>
      this.#startStep(data, startMs),
    );
    if (entry === undefined) return;
    const failure: Failure | undefined =
      bool(data.success) === false
        ? {
            type: failureOf(data.error)?.kind ?? ERROR_TYPE_OTHER,
            message: failureOf(data.error)?.message,
          }
        : undefined;
    this.#support.finish(entry, event.timestamp, failure);
  }

  /** Removes every open span, steps before their workflows. */
  drain(): OpenSpan[] {
    return [...this.#steps.drain(), ...this.#workflows.drain()];
  }

  #startWorkflow(data: Fields<WorkflowStartData>, workflowId: string, startMs: number): OpenSpan {
    const name = str(data.workflow);
    const attributes: Attributes = {
      [GenAi.OPERATION_NAME]: GenAiOperation.INVOKE_WORKFLOW,
      [JarvisAttr.WORKFLOW_ID]: workflowId,
    };
    if (name !== undefined) attributes[GenAi.WORKFLOW_NAME] = name;
    const input = str(data.input);
    if (this.#support.options.captureContent && input !== undefined) {
      attributes[GenAi.INPUT_MESSAGES] = inputMessages(input);
    }
    const span = this.#support.start(
      name === undefined ? GenAiOperation.INVOKE_WORKFLOW : `invoke_workflow ${name}`,
      { kind: SpanKind.INTERNAL, startMs, attributes, parent: undefined },
    );
    return { span, startMs };
  }

  #startStep(data: Fields<WorkflowNodeStartData>, startMs: number): OpenSpan {
    const workflowId = str(data.workflowId) ?? '';
    const step = str(data.step) ?? '';
    const attributes: Attributes = {
      [JarvisAttr.WORKFLOW_ID]: workflowId,
      [JarvisAttr.WORKFLOW_STEP]: step,
    };
    const name = str(data.workflow);
    if (name !== undefined) attributes[GenAi.WORKFLOW_NAME] = name;
    const agent = str(data.agent);
    if (agent !== undefined) attributes[GenAi.AGENT_NAME] = agent;
    const input = str(data.input);
    if (this.#support.options.captureContent && input !== undefined) {
      attributes[GenAi.INPUT_MESSAGES] = inputMessages(input);
    }
    const span = this.#support.start(`workflow_step ${step}`, {
      kind: SpanKind.INTERNAL,
      startMs,
      attributes,
      parent: this.#workflows.get(workflowId)?.span,
    });
    return { span, startMs };
  }

  #stepKeyOf(
    data: Fields<WorkflowNodeStartData>,
    event: EventOf<'workflow_node_start' | 'workflow_node_end'>,
  ): string | undefined {
    const workflowId = str(data.workflowId);
    const step = str(data.step);
    if (workflowId === undefined || step === undefined) {
      this.#support.report(new MalformedEventError(event.type, 'no workflowId or step'), event);
      return undefined;
    }
    return stepKey(workflowId, step);
  }
}
