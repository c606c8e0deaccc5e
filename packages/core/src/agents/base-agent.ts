import { defer, type Observable, Subject } from 'rxjs';
import type {
  GenerateOptions,
  GenerateResult,
  InferenceEngine,
} from '../engines/inference-engine.js';
import { generateWithEvents } from '../engines/instrumentation.js';
import type { ChatMessage } from '../engines/messages.js';
import type { EventBus, PublishArgs } from '../events/event-bus.js';
import type {
  AgentTurnEndData,
  AgentTurnStartData,
  TextDeltaData,
} from '../events/event-payloads.js';
import { EventType } from '../events/event-type.js';
import type { AnyJarvisEvent, EventName, EventOf } from '../events/jarvis-event.js';
import { runIdOf } from '../events/run-id-of.js';
import { SecretRedactor, type TextStreamRedactor } from '../secrets/secret-redactor.js';
import { abortableObservable } from './abortable-observable.js';
import type {
  AgentContext,
  AgentResult,
  RunMetadata,
  RunOptions,
  WorkflowTag,
} from './agent-result.js';
import { createRunId } from './run-id.js';

export interface BaseAgentOptions {
  /**
   * A bus that receives every event of this agent, besides `events$`.
   * @default none
   */
  bus?: EventBus;
  /** @default 0.7 */
  temperature?: number;
  /** @default 1024 */
  maxTokens?: number;
  /**
   * Values that must never leave the agent: they are replaced by `[REDACTED]`
   * in every event and result. The engine's `apiKey` is always included.
   * @default []
   */
  secrets?: readonly string[];
}

/** The identity of one run, handed to the helpers that emit its events. */
export interface RunScope {
  readonly runId: string;
  readonly signal: AbortSignal | undefined;
  readonly workflow: WorkflowTag | undefined;
  readonly startedAt: number;
}

/** The fields that tie an event to its agent and run. */
export interface AgentEventIdentity {
  agent: string;
  runId: string;
  workflow?: WorkflowTag;
}

/** A part's streamed text not yet emitted, and the fields of its deltas. */
interface HeldText {
  stream: TextStreamRedactor;
  fields: Omit<TextDeltaData, keyof AgentEventIdentity>;
}

/** Turn-end fields a subclass provides; identity and timing are filled in. */
export type TurnEndFields = Omit<AgentTurnEndData, 'agent' | 'runId' | 'workflow' | 'durationMs'>;

/**
 * The base of every agent. Subclasses implement `run`; the base class gives
 * them a live event stream (`events$`, and the bus when one is given), a cold
 * per-run stream (`stream`), and helpers that emit the turn and inference
 * events every agent shares.
 */
export abstract class BaseAgent {
  /** The agent type's name, e.g. `opencode`, `simple`. */
  abstract readonly agentId: string;
  readonly engine: InferenceEngine | undefined;
  readonly model: string;
  readonly bus: EventBus | undefined;
  readonly temperature: number;
  readonly maxTokens: number;
  /**
   * The secrets this agent keeps out of everything it emits and returns.
   * Register more at any time with `agent.secrets.add(value)`.
   */
  readonly secrets: SecretRedactor;

  readonly #events = new Subject<AnyJarvisEvent>();

  /** Every event of this agent, from subscription on (hot). */
  readonly events$: Observable<AnyJarvisEvent> = this.#events.asObservable();

  // Streamed text of each run and part, held back while its end could be the
  // start of a secret; keyed by run id, then part id.
  readonly #textStreams = new Map<string, Map<string, HeldText>>();

  constructor(engine: InferenceEngine | undefined, model: string, options: BaseAgentOptions = {}) {
    this.engine = engine;
    this.model = model;
    this.bus = options.bus;
    this.temperature = options.temperature ?? 0.7;
    this.maxTokens = options.maxTokens ?? 1024;
    this.secrets = new SecretRedactor([engine?.apiKey, ...(options.secrets ?? [])]);
  }

  /**
   * Runs one task. Operational failures resolve to a result with
   * `metadata.error` set (`{ kind, message }`) rather than rejecting.
   */
  abstract run(input: string, context?: AgentContext, options?: RunOptions): Promise<AgentResult>;

  /**
   * The events of one run, as a cold Observable: subscribing starts the run,
   * the run's events follow (its `agent_turn_end` carries the result), then
   * the Observable completes. Unsubscribing early aborts the run.
   */
  stream(
    input: string,
    context?: AgentContext,
    options: RunOptions = {},
  ): Observable<AnyJarvisEvent> {
    // Deferred so that every subscription is a run of its own, with its own id.
    return defer(() => {
      const runId = options.runId ?? createRunId();
      return abortableObservable<AnyJarvisEvent>(
        options.signal,
        `${this.agentId} run ${runId}`,
        (subscriber, signal) => {
          const events = this.#events.subscribe((event) => {
            if (runIdOf(event) === runId) subscriber.next(event);
          });
          return {
            settled: this.run(input, context, { ...options, runId, signal }),
            release: () => events.unsubscribe(),
          };
        },
      );
    });
  }

  /** Releases what the agent holds. The agent may be run again afterwards. */
  async close(): Promise<void> {}

  /** Starts a run: picks its id and records when it began. */
  protected beginRun(options: RunOptions = {}): RunScope {
    return {
      runId: options.runId ?? createRunId(),
      signal: options.signal,
      workflow: options.workflow,
      startedAt: performance.now(),
    };
  }

  /**
   * Publishes an event of this agent to `events$` and to the bus, if any, with
   * the agent's secrets redacted from its payload. This is the one door events
   * leave an agent by. Streamed text goes through `emitTextDelta`.
   */
  protected emit<T extends EventName>(type: T, ...args: PublishArgs<T>): EventOf<T> {
    const data = this.secrets.redact(args[0]);
    const event =
      this.bus === undefined
        ? ({ type, timestamp: Date.now(), data } as EventOf<T>)
        : this.bus.publish(type, ...([data] as PublishArgs<T>));
    this.#events.next(event as AnyJarvisEvent);
    return event;
  }

  /**
   * Emits `agent_text_delta`. A secret split across two deltas is still
   * caught: the end of a delta that could begin a secret is held back until
   * the next delta of the same part, or until the run's `agent_turn_end`.
   */
  protected emitTextDelta(
    scope: RunScope,
    data: Omit<TextDeltaData, keyof AgentEventIdentity>,
  ): void {
    let parts = this.#textStreams.get(scope.runId);
    if (parts === undefined) {
      parts = new Map();
      this.#textStreams.set(scope.runId, parts);
    }
    const key = data.partId ?? '';
    let held = parts.get(key);
    if (held === undefined) {
      held = { stream: this.secrets.stream(), fields: data };
      parts.set(key, held);
    }
    const delta = held.stream.push(data.delta);
    if (delta !== '') this.emit('agent_text_delta', { ...this.identity(scope), ...data, delta });
  }

  /** Emits `agent_turn_start {agent, runId, input, …}`. */
  protected emitTurnStart(
    input: string,
    scope: RunScope,
    extra: Omit<AgentTurnStartData, 'agent' | 'runId' | 'workflow' | 'input'> = {},
  ): void {
    this.emit(EventType.AGENT_TURN_START, { ...this.identity(scope), input, ...extra });
  }

  /**
   * Emits `agent_turn_end {agent, runId, turns, error?, result, …}` with the
   * run's duration, after any text still held back for the run. Returns the
   * result with the agent's secrets redacted: the one to hand the caller.
   */
  protected emitTurnEnd<R extends AgentResult<RunMetadata>>(
    scope: RunScope,
    fields: TurnEndFields & { result: R },
  ): R {
    this.flushTextDeltas(scope);
    const result = this.secrets.redact(fields.result);
    this.emit(EventType.AGENT_TURN_END, {
      ...this.identity(scope),
      durationMs: performance.now() - scope.startedAt,
      ...fields,
      result,
    });
    return result;
  }

  /**
   * Emits the text still held back for the run (see `emitTextDelta`). Called
   * by `emitTurnEnd`; an agent that publishes other end-of-run events first
   * (a diff, say) calls it before them, so the text stays ahead of them.
   */
  protected flushTextDeltas(scope: RunScope): void {
    const parts = this.#textStreams.get(scope.runId);
    if (parts === undefined) return;
    this.#textStreams.delete(scope.runId);
    for (const { stream, fields } of parts.values()) {
      const rest = stream.flush();
      if (rest !== '')
        this.emit('agent_text_delta', { ...this.identity(scope), ...fields, delta: rest });
    }
  }

  /** `agent` and `runId` (and `workflow` inside a pipeline) for an event of this run. */
  protected identity(scope: RunScope): AgentEventIdentity {
    return scope.workflow === undefined
      ? { agent: this.agentId, runId: scope.runId }
      : { agent: this.agentId, runId: scope.runId, workflow: scope.workflow };
  }

  /** The messages for one engine call: optional system prompt, earlier conversation, then the input. */
  protected buildMessages(
    input: string,
    context?: AgentContext,
    systemPrompt?: string,
  ): ChatMessage[] {
    const messages: ChatMessage[] = [];
    if (systemPrompt !== undefined && systemPrompt !== '') {
      messages.push({ role: 'system', content: systemPrompt });
    }
    if (context?.messages !== undefined) messages.push(...context.messages);
    messages.push({ role: 'user', content: input });
    return messages;
  }

  /**
   * Calls the engine with `inference_start` / `inference_end` events tagged
   * with this run. Uses the agent's model, temperature and max tokens unless
   * `options` overrides them.
   */
  protected generate(
    messages: readonly ChatMessage[],
    scope: RunScope,
    options: Partial<GenerateOptions> = {},
  ): Promise<GenerateResult> {
    const engine = this.engine;
    if (engine === undefined) {
      return Promise.reject(new Error(`${this.agentId} agent has no engine to generate with`));
    }
    const request: GenerateOptions = {
      model: this.model,
      temperature: this.temperature,
      maxTokens: this.maxTokens,
      ...options,
    };
    if (scope.signal !== undefined && request.signal === undefined) request.signal = scope.signal;
    return generateWithEvents(
      engine,
      messages,
      request,
      {
        start: (data) => this.emit(EventType.INFERENCE_START, data),
        end: (data) => this.emit(EventType.INFERENCE_END, data),
      },
      this.identity(scope),
    );
  }
}
