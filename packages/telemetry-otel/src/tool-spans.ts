import type { EventOf, ToolCallEndData, ToolCallStartData } from '@openjarvis/core';
import { type Attributes, SpanKind } from '@opentelemetry/api';
import { toolArguments } from './captured-content.js';
import { MalformedEventError } from './malformed-event-error.js';
import type { OpenSpan } from './open-spans.js';
import { PairedSpans } from './paired-spans.js';
import { bool, type Fields, failureOf, fieldsOf, num, str } from './payload-fields.js';
import { ErrorTypes, GenAi, GenAiOperation, JarvisAttr } from './semconv.js';
import type { Failure, SpanSupport } from './span-support.js';
import type { TurnSpans } from './turn-spans.js';

const separator = '\u0000';

/**
 * `execute_tool {tool}` spans from `tool_call_start` to `tool_call_end`,
 * matched by `runId` and `callId`, as children of their run's turn.
 */
export class ToolSpans {
  readonly #support: SpanSupport;
  readonly #turns: TurnSpans;
  readonly #calls: PairedSpans<OpenSpan>;

  constructor(support: SpanSupport, turns: TurnSpans) {
    this.#support = support;
    this.#turns = turns;
    this.#calls = new PairedSpans(support);
  }

  get openCount(): number {
    return this.#calls.size;
  }

  onToolStart(event: EventOf<'tool_call_start'>): void {
    const data = fieldsOf<ToolCallStartData>(event.data);
    const key = this.#keyOf(data, event);
    if (key === undefined) return;
    this.#turns.noteConversation(str(data.runId), str(data.sessionId));
    this.#calls.open(key, this.#startCall(data, event.timestamp));
  }

  onToolEnd(event: EventOf<'tool_call_end'>): void {
    const data = fieldsOf<ToolCallEndData>(event.data);
    const key = this.#keyOf(data, event);
    if (key === undefined) return;
    this.#turns.noteConversation(str(data.runId), str(data.sessionId));
    const durationMs = num(data.durationMs);
    const entry = this.#calls.end(key, event, durationMs, (startMs) =>
      this.#startCall(data, startMs),
    );
    if (entry === undefined) return;
    const failure: Failure | undefined =
      bool(data.success) === false
        ? { type: ErrorTypes.TOOL_ERROR, message: failureOf(data.error)?.message }
        : undefined;
    const output = data.output;
    if (this.#support.options.captureContent && typeof output === 'string') {
      entry.span.setAttribute(GenAi.TOOL_CALL_RESULT, output);
    }
    this.#support.finish(entry, event.timestamp, failure);
    this.#support.metrics.recordDuration(
      { operation: GenAiOperation.EXECUTE_TOOL, errorType: failure?.type },
      (durationMs ?? event.timestamp - entry.startMs) / 1000,
    );
  }

  drain(): OpenSpan[] {
    return this.#calls.drain();
  }

  #keyOf(
    data: Fields<ToolCallStartData>,
    event: EventOf<'tool_call_start' | 'tool_call_end'>,
  ): string | undefined {
    const runId = str(data.runId);
    const callId = str(data.callId);
    if (runId === undefined || callId === undefined) {
      this.#support.report(new MalformedEventError(event.type, 'no runId or callId'), event);
      return undefined;
    }
    return `${runId}${separator}${callId}`;
  }

  #startCall(data: Fields<ToolCallStartData>, startMs: number): OpenSpan {
    const runId = str(data.runId);
    const tool = str(data.tool);
    const agent = str(data.agent);
    const attributes: Attributes = {
      [GenAi.OPERATION_NAME]: GenAiOperation.EXECUTE_TOOL,
      [GenAi.TOOL_TYPE]: this.#support.options.toolType({
        agent: agent ?? '',
        tool: tool ?? '',
        remote: this.#turns.isRemote(agent),
      }),
    };
    if (tool !== undefined) attributes[GenAi.TOOL_NAME] = tool;
    const callId = str(data.callId);
    if (callId !== undefined) attributes[GenAi.TOOL_CALL_ID] = callId;
    if (runId !== undefined) attributes[JarvisAttr.RUN_ID] = runId;
    const sessionId = str(data.sessionId);
    if (sessionId !== undefined) attributes[GenAi.CONVERSATION_ID] = sessionId;
    if (this.#support.options.captureContent && 'input' in data) {
      attributes[GenAi.TOOL_CALL_ARGUMENTS] = toolArguments(data.input);
    }
    const span = this.#support.start(
      tool === undefined ? GenAiOperation.EXECUTE_TOOL : `execute_tool ${tool}`,
      {
        kind: SpanKind.INTERNAL,
        startMs,
        attributes,
        parent: this.#turns.parentOf(runId, data.workflow),
      },
    );
    return { span, startMs };
  }
}
