import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import {
  AbortedError,
  type AgentContext,
  type AgentErrorKind,
  type AgentResult,
  BaseAgent,
  deriveOpenAIBaseUrl,
  EventType,
  type Failure,
  type InferenceEngine,
  type RunScope,
  raceAbort,
  type ServerAddress,
  type TurnUsage,
  type WorkspaceDiff,
} from '@openjarvis/core';
import { findRipgrep } from './binary/find-ripgrep.js';
import { resolveOpenCodeBinary } from './binary/resolve-opencode-binary.js';
import { buildOpenCodeConfig } from './config/build-opencode-config.js';
import type { OpenCodeAgentName } from './config/permission.js';
import { OpenCodeError } from './errors.js';
import type { OpenCodeAgentOptions } from './options.js';
import { checkEngineFit, opencodeFirstRequestTokens } from './preflight/check-engine-fit.js';
import { checkWorkspace } from './preflight/check-workspace.js';
import { contextWindowFix } from './preflight/engine-fixes.js';
import { probeEnginePort } from './preflight/probe-engine-port.js';
import type { ClassifiedError } from './protocol/classify-error.js';
import { wasCompacted } from './protocol/compaction.js';
import { extractText, extractToolResults } from './protocol/extract.js';
import type { MessageWithParts } from './protocol/messages.js';
import { runTurn, type TurnOutcome } from './run/opencode-turn.js';
import type { OpenCodeRunOptions } from './run/run-options.js';
import { isPlanError, planRun, type RunPlan } from './run/run-plan.js';
import type { TurnEventSink } from './run/turn-events.js';
import type { OpenCodeRunMetadata } from './run-metadata.js';
import { OpenCodeServer } from './server/opencode-server.js';
import { residentMiB, resolveRecyclePolicy } from './server/recycle-policy.js';
import { ServerTenancy } from './server/server-tenancy.js';
import { conversationPreamble } from './sessions/conversation-preamble.js';
import { OpenCodeSession } from './sessions/open-code-session.js';
import { resolveDiffOptions } from './workspace/diff-options.js';
import { type DiffOutcome, RunDiff } from './workspace/run-diff.js';
import { WorkspaceTracker } from './workspace/workspace-tracker.js';

const username = 'opencode';

/**
 * Hands coding tasks to the real opencode agent (`opencode serve`), with the
 * model served by your own engine through its OpenAI-compatible API, and
 * streams every step as typed events.
 *
 * One server per agent, started on the first run and reused; concurrent runs
 * use separate sessions on it. If the server dies, the run in flight ends with
 * an error result and the next run starts a fresh server. The `recycle` policy
 * replaces the server between runs, and each run's session is deleted after it.
 */
export class OpenCodeAgent extends BaseAgent {
  readonly agentId = 'opencode';
  readonly workspace: string;
  readonly agentName: OpenCodeAgentName;
  readonly providerId: string;
  readonly modelId: string;
  readonly providerBaseUrl: string;
  readonly #options: OpenCodeAgentOptions;
  readonly #apiKey: string | undefined;
  readonly #password: string | undefined;
  readonly #active = new Set<AbortController>();
  readonly #tenancy: ServerTenancy<OpenCodeServer>;
  /** Retired servers whose last runs are still finishing. */
  readonly #retired = new Set<OpenCodeServer>();
  /** Retired servers being stopped. */
  readonly #stopping = new Set<Promise<void>>();
  readonly #tracker: WorkspaceTracker | undefined;
  /** Sessions with a run in flight: a second run on one would interleave with it. */
  readonly #busySessions = new Set<string>();
  #server: Promise<OpenCodeServer> | undefined;
  /** What `#server` resolved to, so that a retiring server can be dropped at once. */
  #current: OpenCodeServer | undefined;

  constructor(
    engine: InferenceEngine | undefined,
    model: string,
    options: OpenCodeAgentOptions = {},
  ) {
    super(engine, model, options);
    this.#options = options;
    this.workspace = resolve(options.workspace ?? process.cwd());
    this.agentName = options.agent ?? 'build';
    this.providerId = options.providerId ?? 'openjarvis';
    this.modelId = options.modelId ?? model;
    this.providerBaseUrl = options.providerBaseUrl ?? deriveOpenAIBaseUrl(engine);
    this.#apiKey = options.apiKey ?? engine?.apiKey;
    this.#password = options.serverPassword ?? nonEmpty(process.env.OPENCODE_SERVER_PASSWORD);
    this.#registerPassword(this.#password);
    this.secrets.add(this.#apiKey);
    this.#tenancy = new ServerTenancy(resolveRecyclePolicy(options.recycle), (server) =>
      residentMiB(server.pid),
    );
    this.#tracker =
      options.diff === false
        ? undefined
        : new WorkspaceTracker(this.workspace, resolveDiffOptions(options.diff));
  }

  /**
   * A handle on one conversation: each `run()` continues it. Without an id
   * the first run creates it; with one, it continues that existing session.
   */
  session(sessionId?: string): OpenCodeSession {
    return new OpenCodeSession(this, sessionId);
  }

  /** Copies a session into a new one (`POST /session/{id}/fork`); the new id. */
  async forkSession(sessionId: string): Promise<string> {
    const deadline = Date.now() + (this.#options.startupTimeoutMs ?? 30_000);
    const server = await this.#ensureServer(
      this.beginRun(),
      new AbortController().signal,
      deadline,
    );
    if (!(await server.client.hasSession(sessionId, AbortSignal.timeout(15_000)))) {
      throw new OpenCodeError('session_not_found', `opencode has no session "${sessionId}"`);
    }
    return server.client.forkSession(sessionId, AbortSignal.timeout(15_000));
  }

  /** Where the running server listens, if one runs. */
  async serverAddress(): Promise<ServerAddress | undefined> {
    const server = await this.#server?.catch(() => undefined);
    return server?.alive ? server.address : undefined;
  }

  /** The pid of the running `opencode serve`, if one runs. */
  async serverPid(): Promise<number | undefined> {
    const server = await this.#server?.catch(() => undefined);
    return server?.alive ? server.pid : undefined;
  }

  override async run(
    input: string,
    context?: AgentContext,
    options: OpenCodeRunOptions = {},
  ): Promise<AgentResult<OpenCodeRunMetadata>> {
    const scope = this.beginRun(options);
    const plan = planRun(
      {
        agent: this.agentName,
        providerId: this.providerId,
        providerBaseUrl: this.providerBaseUrl,
        modelId: this.modelId,
        models: this.#options.models ?? [],
        systemPrompt: this.#options.systemPrompt,
        timeoutMs: this.#options.timeoutMs ?? 600_000,
      },
      options,
      Date.now(),
    );
    const sessionId = options.sessionId;
    const deadline = isPlanError(plan) ? 0 : plan.deadline;
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) controller.abort(options.signal.reason);
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    this.#active.add(controller);
    this.emitTurnStart(input, scope, {
      model: options.model ?? this.modelId,
      provider: this.providerId,
    });
    let holdsSession = false;
    try {
      if (isPlanError(plan)) return this.#fail(scope, plan.kind, plan.message, sessionId);
      const unusable = await this.#preflight();
      if (unusable !== undefined) {
        return this.#fail(scope, unusable.kind, unusable.message, sessionId);
      }
      if (sessionId !== undefined && this.#busySessions.has(sessionId)) {
        const message = `session "${sessionId}" already has a run in flight; wait for it (an agent.session() handle queues its runs)`;
        return this.#fail(scope, 'session_busy', message, sessionId);
      }
      if (sessionId !== undefined) {
        this.#busySessions.add(sessionId);
        holdsSession = true;
      }
      // The snapshot runs beside the server start and the session's creation; the prompt waits for it.
      const diff = new RunDiff(this.#tracker);
      let server: OpenCodeServer;
      try {
        server = await this.#acquireServer(scope, controller.signal, deadline);
      } catch (error) {
        await diff.discard();
        return this.#failFromError(scope, error, sessionId);
      }
      return await this.#runOn(
        server,
        scope,
        { input, context, plan, sessionId, diff },
        controller.signal,
      );
    } finally {
      if (holdsSession && sessionId !== undefined) this.#busySessions.delete(sessionId);
      this.#active.delete(controller);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Aborts runs in flight, stops the server (busy sessions aborted, process
   * tree terminated) and deletes its private config. Idempotent; the agent
   * starts a new server if it is run again.
   */
  override async close(): Promise<void> {
    for (const controller of this.#active) controller.abort();
    const server = this.#server;
    this.#server = undefined;
    this.#current = undefined;
    const running = await server?.catch(() => undefined);
    const retired = [...this.#retired].map((server) => server.dispose());
    await Promise.all([running?.dispose(), ...retired, ...this.#stopping]);
    await this.#tracker?.close();
  }

  /** Checks that need no server, per run: the workspace exists, the engine listens. */
  async #preflight(): Promise<Failure | undefined> {
    const missing = checkWorkspace(this.workspace);
    if (missing !== undefined) return { kind: 'workspace_not_found', message: missing };
    if (this.providerBaseUrl === '') return undefined;
    const refused = await probeEnginePort(this.providerBaseUrl, 3_000);
    if (refused === undefined) return undefined;
    return {
      kind: 'engine_unreachable',
      message: `the engine is not reachable at ${this.providerBaseUrl} (${refused}); start it, or point the agent at one that runs`,
    };
  }

  /** One turn on an acquired server; the server is released however the turn ends. */
  async #runOn(
    server: OpenCodeServer,
    scope: RunScope,
    turn: TurnRequest,
    signal: AbortSignal,
  ): Promise<AgentResult<OpenCodeRunMetadata>> {
    const { input, context, plan, sessionId, diff } = turn;
    let outcome: TurnOutcome | undefined;
    try {
      if (
        sessionId !== undefined &&
        !(await server.client.hasSession(sessionId, AbortSignal.timeout(15_000)))
      ) {
        await diff.discard();
        const why =
          this.#options.dataDir === undefined
            ? ' (without a dataDir, sessions live only as long as the server)'
            : '';
        return this.#fail(
          scope,
          'session_not_found',
          `opencode has no session "${sessionId}"${why}`,
          sessionId,
        );
      }
      outcome = await runTurn({
        server,
        runId: scope.runId,
        input,
        sessionId,
        preamble: sessionId === undefined ? conversationPreamble(context?.messages) : undefined,
        // The snapshot must be taken before the prompt, not before the session exists.
        beforePrompt: diff.ready(),
        agent: plan.agent,
        model: plan.model,
        systemPrompt: plan.systemPrompt,
        sink: this.#sink(scope),
        signal,
        deadline: plan.deadline,
        maxEngineRetries: this.#options.maxEngineRetries ?? 2,
        stallTimeoutMs: this.#options.stallTimeoutMs ?? 120_000,
        onPermission: this.#options.onPermission,
        permissionPolicy: this.#options.permissionPolicy ?? { '*': 'reject' },
        permissionTimeoutMs: this.#options.permissionTimeoutMs ?? 60_000,
      });
      if (outcome.error?.kind === 'server_crashed') this.#forget(server);
    } finally {
      this.#discardSession(server, outcome?.sessionId);
      this.#release(server, scope);
    }
    return this.#finish(scope, outcome, server.address, plan.agent, await diff.finish());
  }

  /** A server for one run: never one that is retiring (its last runs are draining). */
  async #acquireServer(
    scope: RunScope,
    signal: AbortSignal,
    deadline: number,
  ): Promise<OpenCodeServer> {
    for (;;) {
      const server = await this.#ensureServer(scope, signal, deadline);
      if (this.#tenancy.enter(server)) return server;
      this.#retire(server);
    }
  }

  /** The run has left `server`: retire it if the policy says so, stop it once idle. */
  #release(server: OpenCodeServer, scope: RunScope): void {
    const decision = this.#tenancy.leave(server);
    if (decision.retire !== undefined) {
      this.emit(EventType.AGENT_STATUS, {
        ...this.identity(scope),
        status: 'server_recycling',
        message: `replacing the opencode server after this run: ${decision.retire}`,
      });
      this.#retire(server);
    }
    if (!decision.dispose) return;
    this.#retired.delete(server);
    const stopping = server.dispose();
    this.#stopping.add(stopping);
    void stopping.finally(() => this.#stopping.delete(stopping));
  }

  /** Offers `server` to no new run; it stays up until its runs in flight are over. */
  #retire(server: OpenCodeServer): void {
    if (this.#current === server) {
      this.#server = undefined;
      this.#current = undefined;
    }
    if (server.alive) this.#retired.add(server);
  }

  /**
   * Deletes a run's session once its result is read, with `keepSessions:
   * false`, so that a long-lived server does not keep every conversation.
   * Best effort: the result does not wait for it.
   */
  #discardSession(server: OpenCodeServer, sessionId: string | undefined): void {
    const keep = this.#options.keepSessions ?? true;
    if (keep || sessionId === undefined || !server.alive) return;
    server.client.deleteSession(sessionId, AbortSignal.timeout(5_000)).catch(() => {});
  }

  #ensureServer(scope: RunScope, signal: AbortSignal, deadline: number): Promise<OpenCodeServer> {
    const current = this.#server;
    if (current !== undefined) {
      return current.then((server) =>
        server.alive ? server : this.#startServer(scope, signal, deadline),
      );
    }
    return this.#startServer(scope, signal, deadline);
  }

  #startServer(scope: RunScope, signal: AbortSignal, deadline: number): Promise<OpenCodeServer> {
    const starting = (async () => {
      const contextLength = await this.#checkEngineFit(signal);
      const binary = resolveOpenCodeBinary({ opencodeBin: this.#options.opencodeBin });
      if (binary === undefined) {
        const where = this.#options.opencodeBin ?? process.env.OPENCODE_BIN;
        throw new OpenCodeError(
          'opencode_not_found',
          `${where === undefined ? 'opencode was not found on PATH' : `opencode was not found at ${where}`}; install it with "npm install opencode-ai" (or "npm install -g opencode-ai"), or set opencodeBin / OPENCODE_BIN`,
        );
      }
      this.emit(EventType.AGENT_STATUS, { ...this.identity(scope), status: 'server_starting' });
      const server = await OpenCodeServer.start({
        binary,
        workspace: this.workspace,
        hostname: this.#options.hostname ?? '127.0.0.1',
        port: this.#options.port ?? 0,
        username,
        password: this.#password ?? this.#registerPassword(randomBytes(24).toString('base64url')),
        config: buildOpenCodeConfig({
          agent: this.agentName,
          providerId: this.providerId,
          providerBaseUrl: this.providerBaseUrl,
          modelId: this.modelId,
          apiKey: this.#apiKey,
          permission: this.#options.permission,
          contextLength,
          maxTokens: this.#options.maxTokens,
          temperature: this.#options.temperature,
          extraModels: this.#options.models,
          agents: this.#options.agents,
        }),
        ripgrep: findRipgrep(this.#options.ripgrepPath, process.env),
        dataDir: this.#options.dataDir,
        ignoreProjectConfig: this.#options.ignoreProjectConfig ?? false,
        env: this.#options.env,
        startupTimeoutMs: Math.min(
          this.#options.startupTimeoutMs ?? 30_000,
          Math.max(0, deadline - Date.now()),
        ),
        requestTimeoutMs: 15_000,
      });
      this.emit(EventType.AGENT_STATUS, {
        ...this.identity(scope),
        status: 'server_ready',
        message: `opencode listening on ${server.url}`,
      });
      void server.exited.then(() => this.#forget(server));
      return server;
    })();
    this.#server = starting;
    starting.then(
      (server) => {
        if (this.#server === starting) this.#current = server;
      },
      () => {
        if (this.#server === starting) this.#server = undefined;
      },
    );
    return raceAbort(starting, signal, 'starting the opencode server');
  }

  /**
   * Asks the engine, once per server start, whether the model can serve
   * opencode at all (window, tools); resolves to the window for the config.
   */
  async #checkEngineFit(signal: AbortSignal): Promise<number | undefined> {
    const fit = await checkEngineFit(this.engine, this.modelId, {
      minContextTokens: this.#options.minContextTokens,
      requireToolSupport: this.#options.requireToolSupport,
      contextLength: this.#options.contextLength,
      signal,
    });
    if (!fit.ok) throw new OpenCodeError(fit.kind, fit.message);
    return fit.contextLength;
  }

  #forget(server: OpenCodeServer): void {
    if (this.#current === server) this.#current = undefined;
    this.#retired.delete(server);
    void this.#server?.then((current) => {
      if (current === server) this.#server = undefined;
    });
  }

  #sink(scope: RunScope): TurnEventSink {
    const id = this.identity(scope);
    return {
      toolStart: (data) => this.emit(EventType.TOOL_CALL_START, { ...id, ...data }),
      toolEnd: (data) => this.emit(EventType.TOOL_CALL_END, { ...id, ...data }),
      textDelta: (data) => this.emitTextDelta(scope, data),
      status: (data) => this.emit(EventType.AGENT_STATUS, { ...id, ...data }),
      error: (data) => this.emit(EventType.AGENT_ERROR, { ...id, ...data }),
      permissionRequest: (data) => this.emit(EventType.PERMISSION_REQUEST, { ...id, ...data }),
      permissionReply: (data) => this.emit(EventType.PERMISSION_REPLY, { ...id, ...data }),
    };
  }

  #finish(
    scope: RunScope,
    outcome: TurnOutcome,
    server: ServerAddress,
    opencodeAgent: string,
    diff: DiffOutcome,
  ): AgentResult<OpenCodeRunMetadata> {
    const messages = outcome.assistantMessages;
    const last = messages.at(-1);
    const usage = sumUsage(messages);
    const metadata: OpenCodeRunMetadata = {
      runId: scope.runId,
      sessionId: outcome.sessionId ?? '',
      finish: last?.info.finish ?? null,
      usage,
      providerId: last?.info.providerID ?? this.providerId,
      modelId: last?.info.modelID ?? this.modelId,
      opencodeAgent,
    };
    const toolResults = extractToolResults(messages.flatMap((message) => message.parts));
    let content = extractText(last?.parts ?? []);
    if (diff.diff !== undefined) metadata.diff = diff.diff;
    // The run's text, all of it, before what ends the run.
    this.flushTextDeltas(scope);
    if (diff.error !== undefined) {
      this.emit(EventType.AGENT_ERROR, {
        ...this.identity(scope),
        kind: 'workspace_diff_failed',
        message: diff.error,
      });
    }
    if (diff.diff !== undefined) {
      this.emit(EventType.WORKSPACE_DIFF, { ...this.identity(scope), diff: diff.diff });
    }
    const error = this.#runError(outcome);
    if (error !== undefined) {
      metadata.error = error;
      content = `opencode agent failed: ${error.message}`;
      // Last before the turn's end: what failed the run comes right before it.
      this.#emitFailure(scope, error);
    }
    return this.emitTurnEnd(scope, {
      turns: 1,
      model: metadata.modelId,
      provider: metadata.providerId,
      usage,
      server,
      result: { content, toolResults, turns: 1, metadata },
      ...(outcome.sessionId === undefined ? {} : { sessionId: outcome.sessionId }),
      ...(error === undefined ? {} : { error }),
    });
  }

  /**
   * The run's failure, if any: opencode's, else a compaction. After a context
   * overflow opencode summarises the session and answers a synthetic prompt
   * of its own; that answer is not the result of the task.
   */
  #runError(outcome: TurnOutcome): ClassifiedError | undefined {
    if (outcome.error === undefined && wasCompacted(outcome.assistantMessages)) {
      return {
        kind: 'context_length_exceeded',
        message: `the conversation outgrew the model's context window: opencode compacted it and answered a prompt of its own, which is not an answer to the task; ${contextWindowFix(this.engine?.engineId, opencodeFirstRequestTokens)}`,
      };
    }
    const error = outcome.error;
    if (error?.kind !== 'engine_unreachable' || error.message.includes(this.providerBaseUrl))
      return error;
    return { ...error, message: `${error.message} (engine at ${this.providerBaseUrl})` };
  }

  /** The one `agent_error` of a failed run, whatever its kind. */
  #emitFailure(scope: RunScope, error: Failure): void {
    this.emit(EventType.AGENT_ERROR, { ...this.identity(scope), ...error });
  }

  #fail(
    scope: RunScope,
    kind: AgentErrorKind,
    message: string,
    sessionId: string | undefined,
  ): AgentResult<OpenCodeRunMetadata> {
    const error = { kind, message };
    const metadata: OpenCodeRunMetadata = {
      runId: scope.runId,
      sessionId: sessionId ?? '',
      providerId: this.providerId,
      modelId: this.modelId,
      opencodeAgent: this.agentName,
      error,
    };
    this.#emitFailure(scope, error);
    return this.emitTurnEnd(scope, {
      turns: 1,
      error,
      result: { content: message, toolResults: [], turns: 1, metadata },
    });
  }

  #failFromError(
    scope: RunScope,
    error: unknown,
    sessionId: string | undefined,
  ): AgentResult<OpenCodeRunMetadata> {
    if (OpenCodeError.isInstance(error)) {
      return this.#fail(scope, error.kind, error.message, sessionId);
    }
    if (AbortedError.isInstance(error) || scope.signal?.aborted) {
      return this.#fail(scope, 'aborted', 'the run was aborted', sessionId);
    }
    const message = `opencode agent failed: ${String(error)}`;
    return this.#fail(scope, 'server_start_failed', message, sessionId);
  }

  /**
   * Registers the server password as a secret, with the Basic credentials
   * built from it, which opencode's errors may quote. Returns the password.
   */
  #registerPassword<T extends string | undefined>(password: T): T {
    if (password !== undefined) {
      this.secrets.add(password, Buffer.from(`${username}:${password}`).toString('base64'));
    }
    return password;
  }
}

/** What one turn is asked to do, once its server is acquired. */
interface TurnRequest {
  input: string;
  context: AgentContext | undefined;
  plan: RunPlan;
  /** The session to continue, if any. */
  sessionId: string | undefined;
  diff: RunDiff;
}

function sumUsage(messages: readonly MessageWithParts[]): TurnUsage {
  const usage = {
    inputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  };
  for (const { info } of messages) {
    usage.inputTokens += info.tokens?.input ?? 0;
    usage.outputTokens += info.tokens?.output ?? 0;
    usage.reasoningTokens += info.tokens?.reasoning ?? 0;
    usage.cacheReadTokens += info.tokens?.cache?.read ?? 0;
    usage.cacheWriteTokens += info.tokens?.cache?.write ?? 0;
  }
  return usage;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
