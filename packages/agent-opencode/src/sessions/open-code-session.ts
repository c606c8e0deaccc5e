import {
  type AgentContext,
  type AgentResult,
  type AnyJarvisEvent,
  BaseAgent,
  createRunId,
  type InferenceEngine,
} from '@openjarvis/core';
import { defer, filter, from, type Observable, switchMap, tap } from 'rxjs';
import type { OpenCodeRunOptions } from '../run/run-options.js';

/** What a session handle needs from its agent. */
export interface SessionHost {
  readonly engine: InferenceEngine | undefined;
  readonly model: string;
  readonly events$: Observable<AnyJarvisEvent>;
  run(input: string, context?: AgentContext, options?: OpenCodeRunOptions): Promise<AgentResult>;
  stream(
    input: string,
    context?: AgentContext,
    options?: OpenCodeRunOptions,
  ): Observable<AnyJarvisEvent>;
  forkSession(sessionId: string): Promise<string>;
}

/** Per-run options of a session handle: everything but the session. */
export type SessionRunOptions = Omit<OpenCodeRunOptions, 'sessionId'>;

/**
 * One opencode conversation. Each `run()` continues it (the model receives
 * every earlier turn); the first run creates it unless the handle was made
 * for an existing id. Runs of one handle take turns: a run waits for the one
 * before it. `fork()` copies the conversation into a new session that goes
 * its own way. A handle is an agent, so it can be a pipeline step.
 */
export class OpenCodeSession extends BaseAgent {
  readonly agentId = 'opencode';
  /** The runs of this handle's events, from its agent. */
  override readonly events$: Observable<AnyJarvisEvent>;
  readonly #host: SessionHost;
  readonly #runIds = new Set<string>();
  #id: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(host: SessionHost, sessionId?: string) {
    super(host.engine, host.model);
    this.#host = host;
    this.#id = sessionId;
    this.events$ = host.events$.pipe(
      filter((event) => this.#runIds.has((event.data as { runId?: string }).runId ?? '')),
    );
  }

  /** The opencode session id; `undefined` until the first run has created the session. */
  get id(): string | undefined {
    return this.#id;
  }

  override run(
    input: string,
    context?: AgentContext,
    options: SessionRunOptions = {},
  ): Promise<AgentResult> {
    const runId = options.runId ?? createRunId();
    this.#runIds.add(runId);
    return this.#next(async () => {
      const result = await this.#host.run(input, context, {
        ...options,
        runId,
        ...(this.#id === undefined ? {} : { sessionId: this.#id }),
      });
      this.#adopt(result.metadata.sessionId);
      return result;
    });
  }

  override stream(
    input: string,
    context?: AgentContext,
    options: SessionRunOptions = {},
  ): Observable<AnyJarvisEvent> {
    return defer(() => {
      const runId = options.runId ?? createRunId();
      this.#runIds.add(runId);
      let release: () => void = () => {};
      const previous = this.#queue;
      this.#queue = new Promise<void>((resolve) => {
        release = resolve;
      });
      return from(previous.then(() => undefined)).pipe(
        switchMap(() =>
          this.#host.stream(input, context, {
            ...options,
            runId,
            ...(this.#id === undefined ? {} : { sessionId: this.#id }),
          }),
        ),
        tap({
          next: (event) => {
            if (event.type === 'agent_turn_end') this.#adopt(event.data.result.metadata.sessionId);
          },
          finalize: release,
        }),
      );
    });
  }

  /**
   * A new session with this one's whole history, on its own from here: its
   * turns are not seen by this session, nor this one's by it. Waits for the
   * run in flight. Forking a session that has not run yet gives another
   * fresh handle.
   */
  async fork(): Promise<OpenCodeSession> {
    return this.#next(async () => {
      const id = this.#id;
      return new OpenCodeSession(
        this.#host,
        id === undefined ? undefined : await this.#host.forkSession(id),
      );
    });
  }

  /** Runs `work` after everything queued before it, whatever became of that. */
  #next<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work, work);
    this.#queue = result.catch(() => {});
    return result;
  }

  #adopt(sessionId: unknown): void {
    if (this.#id === undefined && typeof sessionId === 'string' && sessionId !== '') {
      this.#id = sessionId;
    }
  }
}
