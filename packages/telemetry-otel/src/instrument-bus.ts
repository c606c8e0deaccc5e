import {
  type AnyJarvisEvent,
  type EventBus,
  type EventName,
  type EventOf,
  EventType,
} from '@openjarvis/core';
import { diag, metrics, trace } from '@opentelemetry/api';
import { noteDiff } from './diff-attributes.js';
import { GenAiMetrics } from './genai-metrics.js';
import { InferenceSpans } from './inference-spans.js';
import type { InstrumentBusOptions } from './instrument-bus-options.js';
import { annotateTurn } from './run-annotations.js';
import { type ResolvedOptions, SpanSupport } from './span-support.js';
import { ToolSpans } from './tool-spans.js';
import { TurnSpans } from './turn-spans.js';
import { WorkflowSpans } from './workflow-spans.js';

/** The instrumentation scope name of every span and metric this package makes. */
export const INSTRUMENTATION_SCOPE = '@openjarvis/telemetry-otel';

export interface BusInstrumentation {
  /**
   * Stops listening and ends every span still open, marked as interrupted
   * (`error.type: interrupted`). Calling it again does nothing.
   */
  dispose(): void;
  /** How many spans are open, waiting for their end event. */
  readonly openSpanCount: number;
}

const defaultRemoteAgents = ['opencode'];
const defaultMaxOpenSpans = 10_000;

/**
 * Turns the events of `bus` into OpenTelemetry spans and metrics under the
 * GenAI semantic conventions: `invoke_workflow`, `invoke_agent`,
 * `execute_tool` and `chat` spans, and the `gen_ai.client.token.usage` and
 * `gen_ai.client.operation.duration` histograms.
 */
export function instrumentBus(
  bus: EventBus,
  options: InstrumentBusOptions = {},
): BusInstrumentation {
  const resolved = resolveOptions(options);
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    INSTRUMENTATION_SCOPE,
  );
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(
    INSTRUMENTATION_SCOPE,
  );
  const support = new SpanSupport(tracer, new GenAiMetrics(meter), resolved);
  const workflows = new WorkflowSpans(support);
  const turns = new TurnSpans(support, workflows);
  const tools = new ToolSpans(support, turns);
  const inferences = new InferenceSpans(support, turns);

  const unsubscribes: (() => void)[] = [];
  const on = <T extends EventName>(type: T, handle: (event: EventOf<T>) => void): void => {
    unsubscribes.push(
      bus.subscribe(type, (event) => {
        try {
          handle(event);
        } catch (error) {
          support.report(error, event as AnyJarvisEvent);
        }
      }),
    );
  };
  on(EventType.WORKFLOW_START, (event) => workflows.onWorkflowStart(event));
  on(EventType.WORKFLOW_NODE_START, (event) => workflows.onNodeStart(event));
  on(EventType.AGENT_TURN_START, (event) => turns.onTurnStart(event));
  on(EventType.TOOL_CALL_START, (event) => tools.onToolStart(event));
  on(EventType.INFERENCE_START, (event) => inferences.onInferenceStart(event));
  on(EventType.INFERENCE_END, (event) => inferences.onInferenceEnd(event));
  on(EventType.TOOL_CALL_END, (event) => tools.onToolEnd(event));
  on(EventType.AGENT_TURN_END, (event) => turns.onTurnEnd(event));
  on(EventType.WORKFLOW_NODE_END, (event) => workflows.onNodeEnd(event));
  on(EventType.WORKFLOW_END, (event) => workflows.onWorkflowEnd(event));
  on(EventType.AGENT_TEXT_DELTA, (event) => annotateTurn(turns, event));
  on(EventType.AGENT_STATUS, (event) => annotateTurn(turns, event));
  on(EventType.AGENT_ERROR, (event) => annotateTurn(turns, event));
  on(EventType.PERMISSION_REQUEST, (event) => annotateTurn(turns, event));
  on(EventType.PERMISSION_REPLY, (event) => annotateTurn(turns, event));
  on(EventType.WORKSPACE_DIFF, (event) => noteDiff(turns, event));

  let disposed = false;
  return {
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
      const now = Date.now();
      // Children first, so that no parent ends before its children.
      const open = [
        ...tools.drain(),
        ...inferences.drain(),
        ...turns.drain(),
        ...workflows.drain(),
      ];
      for (const entry of open) {
        try {
          support.interrupt(entry, now, 'telemetry was disposed before the operation ended');
        } catch (error) {
          diag.warn(`${INSTRUMENTATION_SCOPE}: could not end a span on dispose`, error);
        }
      }
    },
    get openSpanCount() {
      return tools.openCount + inferences.openCount + turns.openCount + workflows.openCount;
    },
  };
}

function resolveOptions(options: InstrumentBusOptions): ResolvedOptions {
  const logger = diag.createComponentLogger({ namespace: INSTRUMENTATION_SCOPE });
  return {
    captureContent: options.captureContent ?? false,
    remoteAgents: new Set(options.remoteAgents ?? defaultRemoteAgents),
    stepSpans: options.stepSpans ?? true,
    toolType: options.toolType ?? (({ remote }) => (remote ? 'extension' : 'function')),
    maxOpenSpans: options.maxOpenSpans ?? defaultMaxOpenSpans,
    onError:
      options.onError ??
      ((error, event) => logger.warn(`could not record a ${event.type} event`, error)),
  };
}
