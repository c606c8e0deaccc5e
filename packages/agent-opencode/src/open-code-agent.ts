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
  type ServerAddress,
  type Usage,
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
import { attachedPool, spawnedPool } from './server/pools.js';
import { resolveRecyclePolicy } from './server/recycle-policy.js';
import type { ServerConnection } from './server/server-connection.js';
import type { ServerLease } from './server/server-pool.js';
import { type AttachSpec, type ServerSpec, serverKey } from './server/server-spec.js';
import { joinPool, type PoolMembership } from './server/shared-servers.js';
import { warmDirectory } from './server/warm-directory.js';
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
 * Agents of one process share an opencode server when their server-level
 * settings agree (`shareServer`), each working in its own workspace on it;
 * it starts on the first run (or `warm()`) and stops with the last agent's
 * `close()`. Concurrent runs use separate sessions. If the server dies, the
 * runs in flight end with an error result and the next run starts a fresh
 * server. The `recycle` policy replaces the server between runs.
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
  /** Runs in flight, so that `close()` can let them end before leaving a shared server. */
  readonly #running = new Set<Promise<unknown>>();
  readonly #tracker: WorkspaceTracker | undefined;
  /** Sessions with a run in flight: a second run on one would interleave with it. */
  readonly #busySessions = new Set<string>();
  /** Servers this agent has said it is ready on (`server_ready`), started or joined. */
  readonly #known = new WeakSet<ServerConnection>();
  /** This agent's place in the pool of servers it runs on, once joined. */
  #membership: Promise<PoolMembership> | undefined;

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
    const lease = await this.#acquire(this.beginRun(), new AbortController().signal, undefined);
    try {
      if (!(await lease.client.hasSession(sessionId, AbortSignal.timeout(15_000)))) {
        throw new OpenCodeError('session_not_found', `opencode has no session "${sessionId}"`);
      }
      return await lease.client.forkSession(sessionId, AbortSignal.timeout(15_000));
    } finally {
      lease.release();
    }
  }

  /**
   * Starts the server (or joins the one agents share) and readies this
   * agent's workspace on it, so that the first run costs what a warm run
   * costs. Throws an `OpenCodeError` with the kind a run would fail with.
   */
  async warm(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? this.#options.startupTimeoutMs ?? 30_000;
    const signal = AbortSignal.any([
      AbortSignal.timeout(timeoutMs),
      ...(options.signal === undefined ? [] : [options.signal]),
    ]);
    const unusable = await this.#preflight();
    if (unusable !== undefined) throw new OpenCodeError(unusable.kind, unusable.message);
    const lease = await this.#acquire(this.beginRun(), signal, Date.now() + timeoutMs);
    try {
      await warmDirectory({
        client: lease.client,
        events: lease.server.events,
        agent: this.agentName,
        warmupTurn: (await this.#join(signal)).pool.warmupTurn,
        signal,
      });
    } finally {
      lease.release();
    }
  }

  /** Where the server this agent runs on listens, if one runs. */
  async serverAddress(): Promise<ServerAddress | undefined> {
    return (await this.#currentServer())?.address;
  }

  /** The pid of the `opencode serve` this agent runs on, if one runs and this process started it. */
  async serverPid(): Promise<number | undefined> {
    return (await this.#currentServer())?.pid;
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
    let ended: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      ended = resolve;
    });
    this.#running.add(running);
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
      let lease: ServerLease;
      try {
        lease = await this.#acquire(scope, controller.signal, deadline);
      } catch (error) {
        await diff.discard();
        return this.#failFromError(scope, error, sessionId);
      }
      return await this.#runOn(
        lease,
        scope,
        { input, context, plan, sessionId, diff },
        controller.signal,
      );
    } finally {
      if (holdsSession && sessionId !== undefined) this.#busySessions.delete(sessionId);
      this.#active.delete(controller);
      this.#running.delete(running);
      ended();
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Aborts runs in flight and leaves the server: the last agent on a server
   * stops it (busy sessions aborted, process tree terminated, private config
   * deleted); otherwise only this workspace's instance on it is disposed,
   * once this agent's runs have ended. Idempotent; the agent joins (or
   * starts) a server again if it is run again.
   */
  override async close(): Promise<void> {
    for (const controller of this.#active) controller.abort();
    const membership = this.#membership;
    this.#membership = undefined;
    const joined = await membership?.catch(() => undefined);
    // Others keep using the server: let this agent's aborted runs wind down on it first.
    if (joined?.shared) await settleWithin([...this.#running], closeDrainMs);
    await joined?.leave();
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

  /** A server for one run (or `warm()`), joining the agent's pool first if need be. */
  async #acquire(
    scope: RunScope,
    signal: AbortSignal,
    deadline: number | undefined,
  ): Promise<ServerLease> {
    const membership = await this.#join(signal);
    const startupTimeoutMs = this.#options.startupTimeoutMs ?? 30_000;
    const lease = await membership.pool.acquire({
      directory: this.workspace,
      signal,
      startupTimeoutMs:
        deadline === undefined
          ? startupTimeoutMs
          : Math.min(startupTimeoutMs, Math.max(0, deadline - Date.now())),
      onStarting: () =>
        this.emit(EventType.AGENT_STATUS, { ...this.identity(scope), status: 'server_starting' }),
      onReady: (server) => {
        this.#known.add(server);
        this.emit(EventType.AGENT_STATUS, {
          ...this.identity(scope),
          status: 'server_ready',
          message: `opencode listening on ${server.url}`,
        });
      },
      onRetire: (reason) =>
        this.emit(EventType.AGENT_STATUS, {
          ...this.identity(scope),
          status: 'server_recycling',
          message: `replacing the opencode server after this run: ${reason}`,
        }),
    });
    if (!this.#known.has(lease.server)) {
      // A server another agent started: this agent is ready all the same.
      this.#known.add(lease.server);
      this.emit(EventType.AGENT_STATUS, {
        ...this.identity(scope),
        status: 'server_ready',
        message: `sharing the opencode server at ${lease.server.url}`,
      });
    }
    return lease;
  }

  /** The agent's pool, joined once: the engine's fit checked and the server's spec made. */
  #join(signal: AbortSignal): Promise<PoolMembership> {
    if (this.#membership === undefined) {
      const joining = this.#joinPool(signal);
      this.#membership = joining;
      // A failed join (engine unfit, binary missing, caller gone) is tried again by the next run.
      joining.catch(() => {
        if (this.#membership === joining) this.#membership = undefined;
      });
    }
    return this.#membership;
  }

  async #joinPool(signal: AbortSignal): Promise<PoolMembership> {
    const share = this.#options.shareServer ?? true;
    if (this.#options.serverUrl !== undefined) {
      if (this.#password === undefined) {
        throw new OpenCodeError(
          'server_start_failed',
          "serverUrl needs the server's password: set serverPassword or OPENCODE_SERVER_PASSWORD",
        );
      }
      const spec: AttachSpec = { url: this.#options.serverUrl, username, password: this.#password };
      return joinPool(share ? serverKey(spec) : undefined, this.workspace, () =>
        attachedPool(spec),
      );
    }
    const spec = await this.#serverSpec(signal);
    // Agents that let the pool make up a password share it; each redacts it.
    const membership = joinPool(share ? serverKey(spec) : undefined, this.workspace, () =>
      spawnedPool(spec, spec.password ?? randomBytes(24).toString('base64url')),
    );
    this.#registerPassword(membership.pool.password);
    return membership;
  }

  /** What the server needs, the same for every agent that may share it. */
  async #serverSpec(signal: AbortSignal): Promise<ServerSpec> {
    const contextLength = await this.#checkEngineFit(signal);
    const binary = resolveOpenCodeBinary({ opencodeBin: this.#options.opencodeBin });
    if (binary === undefined) {
      const where = this.#options.opencodeBin ?? process.env.OPENCODE_BIN;
      throw new OpenCodeError(
        'opencode_not_found',
        `${where === undefined ? 'opencode was not found on PATH' : `opencode was not found at ${where}`}; install it with "npm install opencode-ai" (or "npm install -g opencode-ai"), or set opencodeBin / OPENCODE_BIN`,
      );
    }
    return {
      binary,
      hostname: this.#options.hostname ?? '127.0.0.1',
      port: this.#options.port ?? 0,
      username,
      password: this.#password,
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
      maxServers: this.#options.maxServers ?? 1,
      recycle: resolveRecyclePolicy(this.#options.recycle),
    };
  }

  /**
   * Asks the engine, once per agent (as it joins its servers), whether the model can serve
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

  /** One turn on an acquired server; the server is released however the turn ends. */
  async #runOn(
    lease: ServerLease,
    scope: RunScope,
    turn: TurnRequest,
    signal: AbortSignal,
  ): Promise<AgentResult<OpenCodeRunMetadata>> {
    const { input, context, plan, sessionId, diff } = turn;
    const { server, client } = lease;
    let outcome: TurnOutcome | undefined;
    try {
      if (
        sessionId !== undefined &&
        !(await client.hasSession(sessionId, AbortSignal.timeout(15_000)))
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
        client,
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
    } finally {
      this.#discardSession(lease, outcome?.sessionId);
      // A server that stopped answering is replaced, even if its process lives on.
      lease.release({ broken: outcome?.error?.kind === 'server_crashed' });
    }
    return this.#finish(scope, outcome, server.address, plan.agent, await diff.finish());
  }

  /**
   * Deletes a run's session once its result is read, with `keepSessions:
   * false`, so that a long-lived server does not keep every conversation.
   * Best effort: the result does not wait for it.
   */
  #discardSession(lease: ServerLease, sessionId: string | undefined): void {
    const keep = this.#options.keepSessions ?? true;
    if (keep || sessionId === undefined || !lease.server.alive) return;
    lease.client.deleteSession(sessionId, AbortSignal.timeout(5_000)).catch(() => {});
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

  /** The server new runs of this agent go to, if one runs. */
  async #currentServer(): Promise<ServerConnection | undefined> {
    const membership = await this.#membership?.catch(() => undefined);
    return membership?.pool.servers[0];
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

function sumUsage(messages: readonly MessageWithParts[]): Usage {
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

// How long a closing agent lets its aborted runs wind down on a server others still use.
const closeDrainMs = 10_000;

/** Waits for `promises` to settle, but no longer than `ms`. */
async function settleWithin(promises: readonly Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
