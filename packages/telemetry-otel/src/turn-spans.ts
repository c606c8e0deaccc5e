import type {
  AgentResult,
  AgentTurnEndData,
  AgentTurnStartData,
  EventOf,
  RunMetadata,
} from '@openjarvis/core';
import { type Attributes, type Span, SpanKind } from '@opentelemetry/api';
import { inputMessages, outputMessages } from './captured-content.js';
import { MalformedEventError } from './malformed-event-error.js';
import type { OpenSpan } from './open-spans.js';
import { PairedSpans } from './paired-spans.js';
import {
  type Fields,
  failureOf,
  fieldsOf,
  num,
  serverOf,
  str,
  workflowTagOf,
} from './payload-fields.js';
import { ERROR_TYPE_OTHER, GenAi, GenAiOperation, JarvisAttr, ServerAttr } from './semconv.js';
import type { Failure, SpanSupport } from './span-support.js';
import { setUsageAttributes, usageCountsOf } from './usage-attributes.js';
import type { WorkflowSpans } from './workflow-spans.js';

export interface TurnSpan extends OpenSpan {
  readonly agent: string | undefined;
  provider: string | undefined;
  model: string | undefined;
  /** An inference of this run reported usage, so the turn's own usage is not counted again. */
  inferenceUsageSeen: boolean;
  lastFinishReason: string | undefined;
  conversationId: string | undefined;
}

/** What an inference of a run tells its turn. */
export interface InferenceNote {
  usageReported: boolean;
  finishReason: string | undefined;
}

/**
 * `invoke_agent {agent}` spans from `agent_turn_start` to `agent_turn_end`,
 * matched by `runId`. Remote agents' spans are CLIENT, the others INTERNAL.
 */
export class TurnSpans {
  readonly #support: SpanSupport;
  readonly #workflows: WorkflowSpans;
  readonly #turns: PairedSpans<TurnSpan>;

  constructor(support: SpanSupport, workflows: WorkflowSpans) {
    this.#support = support;
    this.#workflows = workflows;
    this.#turns = new PairedSpans(support);
  }

  get openCount(): number {
    return this.#turns.size;
  }

  get(runId: string | undefined): TurnSpan | undefined {
    return runId === undefined ? undefined : this.#turns.get(runId);
  }

  /** The span of a run's children: the turn's, else its workflow step's. */
  parentOf(runId: string | undefined, workflow: unknown): Span | undefined {
    return this.get(runId)?.span ?? this.#workflows.parentOf(workflowTagOf(workflow));
  }

  isRemote(agent: string | undefined): boolean {
    return agent !== undefined && this.#support.options.remoteAgents.has(agent);
  }

  onTurnStart(event: EventOf<'agent_turn_start'>): void {
    const data = fieldsOf<AgentTurnStartData>(event.data);
    const runId = str(data.runId);
    if (runId === undefined) {
      this.#support.report(new MalformedEventError(event.type, 'no runId'), event);
      return;
    }
    this.#turns.open(runId, this.#startTurn(data, runId, event.timestamp));
  }

  onTurnEnd(event: EventOf<'agent_turn_end'>): void {
    const data = fieldsOf<AgentTurnEndData>(event.data);
    const runId = str(data.runId);
    if (runId === undefined) {
      this.#support.report(new MalformedEventError(event.type, 'no runId'), event);
      return;
    }
    const durationMs = num(data.durationMs);
    const entry = this.#turns.end(runId, event, durationMs, (startMs) =>
      this.#startTurn(data, runId, startMs),
    );
    if (entry === undefined) return;
    const result = fieldsOf<AgentResult>(data.result);
    const reported =
      failureOf(data.error) ?? failureOf(fieldsOf<RunMetadata>(result.metadata).error);
    const failure: Failure | undefined =
      reported === undefined
        ? undefined
        : {
            type: reported.kind ?? ERROR_TYPE_OTHER,
            ...(reported.message === undefined ? {} : { message: reported.message }),
          };
    const server = serverOf(data.server);
    try {
      this.#applyEnd(entry, data, result, failure);
      if (server !== undefined) {
        entry.span.setAttribute(ServerAttr.ADDRESS, server.address);
        if (server.port !== undefined) entry.span.setAttribute(ServerAttr.PORT, server.port);
      }
    } finally {
      this.#support.finish(entry, event.timestamp, failure);
    }
    const facts = {
      operation: GenAiOperation.INVOKE_AGENT,
      provider: entry.provider,
      model: entry.model,
      serverAddress: server?.address,
      serverPort: server?.port,
      errorType: failure?.type,
    };
    this.#support.metrics.recordDuration(
      facts,
      (durationMs ?? event.timestamp - entry.startMs) / 1000,
    );
    if (!entry.inferenceUsageSeen) {
      const usage = usageCountsOf(data.usage);
      this.#support.metrics.recordTokens(facts, usage.inputTokens, usage.outputTokens);
    }
  }

  /** Tells the run's turn what one of its inferences reported. */
  noteInference(runId: string | undefined, note: InferenceNote): void {
    const entry = this.get(runId);
    if (entry === undefined) return;
    if (note.usageReported) entry.inferenceUsageSeen = true;
    if (note.finishReason !== undefined) entry.lastFinishReason = note.finishReason;
  }

  /** Sets `gen_ai.conversation.id` once a run names its session. */
  noteConversation(runId: string | undefined, sessionId: string | undefined): void {
    const entry = this.get(runId);
    if (entry === undefined || sessionId === undefined || entry.conversationId === sessionId) {
      return;
    }
    entry.conversationId = sessionId;
    entry.span.setAttribute(GenAi.CONVERSATION_ID, sessionId);
  }

  /** Sets attributes on the run's turn, when the turn is open. */
  setAttributes(runId: string | undefined, attributes: Attributes): void {
    this.get(runId)?.span.setAttributes(attributes);
  }

  /** Adds a span event to the run's turn, when the turn is open. */
  annotate(runId: string | undefined, name: string, attributes: Attributes, atMs: number): void {
    this.get(runId)?.span.addEvent(name, attributes, new Date(atMs));
  }

  drain(): TurnSpan[] {
    return this.#turns.drain();
  }

  #startTurn(
    data: Fields<AgentTurnStartData & AgentTurnEndData>,
    runId: string,
    startMs: number,
  ): TurnSpan {
    const agent = str(data.agent);
    const model = str(data.model);
    const provider = str(data.provider);
    const workflow = workflowTagOf(data.workflow);
    const attributes: Attributes = {
      [GenAi.OPERATION_NAME]: GenAiOperation.INVOKE_AGENT,
      [JarvisAttr.RUN_ID]: runId,
    };
    if (agent !== undefined) attributes[GenAi.AGENT_NAME] = agent;
    if (model !== undefined) attributes[GenAi.REQUEST_MODEL] = model;
    if (provider !== undefined) attributes[GenAi.PROVIDER_NAME] = provider;
    if (workflow !== undefined) {
      attributes[GenAi.WORKFLOW_NAME] = workflow.name;
      attributes[JarvisAttr.WORKFLOW_ID] = workflow.id;
      attributes[JarvisAttr.WORKFLOW_STEP] = workflow.step;
    }
    const input = str(data.input);
    if (this.#support.options.captureContent && input !== undefined) {
      attributes[GenAi.INPUT_MESSAGES] = inputMessages(input);
    }
    const span = this.#support.start(
      agent === undefined ? GenAiOperation.INVOKE_AGENT : `invoke_agent ${agent}`,
      {
        kind: this.isRemote(agent) ? SpanKind.CLIENT : SpanKind.INTERNAL,
        startMs,
        attributes,
        parent: this.#workflows.parentOf(workflow),
      },
    );
    return {
      span,
      startMs,
      agent,
      provider,
      model,
      inferenceUsageSeen: false,
      lastFinishReason: undefined,
      conversationId: undefined,
    };
  }

  #applyEnd(
    entry: TurnSpan,
    data: Fields<AgentTurnEndData>,
    result: Fields<AgentResult>,
    failure: Failure | undefined,
  ): void {
    const span = entry.span;
    const model = str(data.model);
    if (model !== undefined && entry.model === undefined) {
      entry.model = model;
      span.setAttribute(GenAi.REQUEST_MODEL, model);
    }
    const provider = str(data.provider);
    if (provider !== undefined && entry.provider === undefined) {
      entry.provider = provider;
      span.setAttribute(GenAi.PROVIDER_NAME, provider);
    }
    const sessionId = str(data.sessionId);
    if (sessionId !== undefined && sessionId !== entry.conversationId) {
      entry.conversationId = sessionId;
      span.setAttribute(GenAi.CONVERSATION_ID, sessionId);
    }
    const turns = num(data.turns);
    if (turns !== undefined) span.setAttribute(JarvisAttr.TURNS, turns);
    setUsageAttributes(span, usageCountsOf(data.usage));
    // Remote agents publish no inference events; opencode reports its last finish in metadata.
    const reported = str(fieldsOf<{ finish: string }>(result.metadata).finish);
    const finishReason =
      entry.lastFinishReason ?? reported ?? (failure === undefined ? undefined : 'error');
    if (finishReason !== undefined)
      span.setAttribute(GenAi.RESPONSE_FINISH_REASONS, [finishReason]);
    const content = str(result.content);
    if (this.#support.options.captureContent && content !== undefined) {
      span.setAttribute(GenAi.OUTPUT_MESSAGES, outputMessages(content, finishReason ?? 'stop'));
    }
  }
}
