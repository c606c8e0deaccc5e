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
  type RunOptions,
  type RunScope,
  raceAbort,
  type ServerAddress,
  type TurnUsage,
} from '@openjarvis/core';
import { findRipgrep } from './binary/find-ripgrep.js';
import { resolveOpencodeBinary } from './binary/resolve-opencode-binary.js';
import { buildOpencodeConfig } from './config/build-opencode-config.js';
import type { OpencodeAgentName } from './config/permission.js';
import { OpencodeError } from './errors.js';
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
import type { TurnEventSink } from './run/turn-events.js';
import type { OpenCodeRunMetadata } from './run-metadata.js';
import { OpencodeServer } from './server/opencode-server.js';
import { residentMiB, resolveRecyclePolicy } from './server/recycle-policy.js';
import { ServerTenancy } from './server/server-tenancy.js';

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
  readonly agentName: OpencodeAgentName;
  readonly providerId: string;
  readonly modelId: string;
  readonly providerBaseUrl: string;
  readonly #options: OpenCodeAgentOptions;
  readonly #apiKey: string | undefined;
  readonly #password: string | undefined;
  readonly #active = new Set<AbortController>();
  readonly #tenancy: ServerTenancy<OpencodeServer>;
  /** Retired servers whose last runs are still finishing. */
  readonly #retired = new Set<OpencodeServer>();
  /** Retired servers being stopped. */
  readonly #stopping = new Set<Promise<void>>();
  #server: Promise<OpencodeServer> | undefined;
  /** What `#server` resolved to, so that a retiring server can be dropped at once. */
  #current: OpencodeServer | undefined;

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
    _context?: AgentContext,
    options: RunOptions = {},
  ): Promise<AgentResult<OpenCodeRunMetadata>> {
    const scope = this.beginRun(options);
    const deadline = Date.now() + (this.#options.timeoutMs ?? 600_000);
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) controller.abort(options.signal.reason);
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    this.#active.add(controller);
    this.emitTurnStart(input, scope, { model: this.modelId, provider: this.providerId });
    try {
      const model = this.#resolveModel();
      if (typeof model === 'string') return this.#fail(scope, 'no_provider', model);
      const unusable = await this.#preflight();
      if (unusable !== undefined) return this.#fail(scope, unusable.kind, unusable.message);
      let server: OpencodeServer;
      try {
        server = await this.#acquireServer(scope, controller.signal, deadline);
      } catch (error) {
        return this.#failFromError(scope, error);
      }
      return await this.#runOn(server, scope, input, model, controller.signal, deadline);
    } finally {
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

  async #runOn(
    server: OpencodeServer,
    scope: RunScope,
    input: string,
    model: { providerID: string; modelID: string },
    signal: AbortSignal,
    deadline: number,
  ): Promise<AgentResult<OpenCodeRunMetadata>> {
    let outcome: TurnOutcome | undefined;
    try {
      outcome = await runTurn({
        server,
        runId: scope.runId,
        input,
        agent: this.agentName,
        model,
        system: this.#options.system,
        sink: this.#sink(scope),
        signal,
        deadline,
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
    return this.#finish(scope, outcome, server.address);
  }

  /** A server for one run: never one that is retiring (its last runs are draining). */
  async #acquireServer(
    scope: RunScope,
    signal: AbortSignal,
    deadline: number,
  ): Promise<OpencodeServer> {
    for (;;) {
      const server = await this.#ensureServer(scope, signal, deadline);
      if (this.#tenancy.enter(server)) return server;
      this.#retire(server);
    }
  }

  /** The run has left `server`: retire it if the policy says so, stop it once idle. */
  #release(server: OpencodeServer, scope: RunScope): void {
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
  #retire(server: OpencodeServer): void {
    if (this.#current === server) {
      this.#server = undefined;
      this.#current = undefined;
    }
    if (server.alive) this.#retired.add(server);
  }

  /**
   * Deletes a run's session once its result is read, so that a long-lived
   * server does not keep every conversation; off with `keepSessions` (or a
   * `dataDir`). Best effort: the result does not wait for it.
   */
  #discardSession(server: OpencodeServer, sessionId: string | undefined): void {
    const keep = this.#options.keepSessions ?? this.#options.dataDir !== undefined;
    if (keep || sessionId === undefined || !server.alive) return;
    server.client.deleteSession(sessionId, AbortSignal.timeout(5_000)).catch(() => {});
  }

  #resolveModel(): { providerID: string; modelID: string } | string {
    if (this.providerBaseUrl !== '') return { providerID: this.providerId, modelID: this.modelId };
    const slash = this.modelId.indexOf('/');
    if (slash > 0)
      return { providerID: this.modelId.slice(0, slash), modelID: this.modelId.slice(slash + 1) };
    return `could not determine an opencode provider for model "${this.modelId}": give the engine a host or base URL, set providerBaseUrl, or use a "provider/model" id that opencode knows`;
  }

  #ensureServer(scope: RunScope, signal: AbortSignal, deadline: number): Promise<OpencodeServer> {
    const current = this.#server;
    if (current !== undefined) {
      return current.then((server) =>
        server.alive ? server : this.#startServer(scope, signal, deadline),
      );
    }
    return this.#startServer(scope, signal, deadline);
  }

  #startServer(scope: RunScope, signal: AbortSignal, deadline: number): Promise<OpencodeServer> {
    const starting = (async () => {
      const contextLength = await this.#checkEngineFit(signal);
      const binary = resolveOpencodeBinary({ opencodeBin: this.#options.opencodeBin });
      if (binary === undefined) {
        const where = this.#options.opencodeBin ?? process.env.OPENCODE_BIN;
        throw new OpencodeError(
          'opencode_not_found',
          `${where === undefined ? 'opencode was not found on PATH' : `opencode was not found at ${where}`}; install it with "npm install opencode-ai" (or "npm install -g opencode-ai"), or set opencodeBin / OPENCODE_BIN`,
        );
      }
      this.emit(EventType.AGENT_STATUS, { ...this.identity(scope), status: 'server_starting' });
      const server = await OpencodeServer.start({
        binary,
        workspace: this.workspace,
        hostname: this.#options.hostname ?? '127.0.0.1',
        port: this.#options.port ?? 0,
        username,
        password: this.#password ?? this.#registerPassword(randomBytes(24).toString('base64url')),
        config: buildOpencodeConfig({
          agent: this.agentName,
          providerId: this.providerId,
          providerBaseUrl: this.providerBaseUrl,
          modelId: this.modelId,
          apiKey: this.#apiKey,
          permission: this.#options.permission,
          contextLength,
          maxTokens: this.#options.maxTokens,
          temperature: this.#options.temperature,
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
    if (!fit.ok) throw new OpencodeError(fit.kind, fit.message);
    return fit.contextLength;
  }

  #forget(server: OpencodeServer): void {
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
      opencodeAgent: this.agentName,
    };
    const toolResults = extractToolResults(messages.flatMap((message) => message.parts));
    let content = extractText(last?.parts ?? []);
    const error = this.#runError(outcome);
    if (error !== undefined) {
      metadata.error = error;
      content = `opencode agent failed: ${error.message}`;
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

  #fail(scope: RunScope, kind: AgentErrorKind, message: string): AgentResult<OpenCodeRunMetadata> {
    const error = { kind, message };
    const metadata: OpenCodeRunMetadata = {
      runId: scope.runId,
      sessionId: '',
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

  #failFromError(scope: RunScope, error: unknown): AgentResult<OpenCodeRunMetadata> {
    if (OpencodeError.isInstance(error)) return this.#fail(scope, error.kind, error.message);
    if (AbortedError.isInstance(error) || scope.signal?.aborted) {
      return this.#fail(scope, 'aborted', 'the run was aborted');
    }
    return this.#fail(scope, 'server_start_failed', `opencode agent failed: ${String(error)}`);
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
