import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import {
  AbortedError,
  type AgentContext,
  type AgentResult,
  BaseAgent,
  deriveOpenAIBaseUrl,
  EventType,
  type InferenceEngine,
  type RunScope,
  raceAbort,
  type ServerAddress,
  type TurnUsage,
  type WorkspaceDiff,
} from '@openjarvis/core';
import { findRipgrep } from './binary/find-ripgrep.js';
import { resolveOpencodeBinary } from './binary/resolve-opencode-binary.js';
import { buildOpencodeConfig } from './config/build-opencode-config.js';
import type { OpencodeAgentName } from './config/permission.js';
import { OpencodeError, type OpencodeErrorKind } from './errors.js';
import type { OpenCodeAgentOptions } from './options.js';
import { extractText, extractToolResults } from './protocol/extract.js';
import type { MessageWithParts } from './protocol/messages.js';
import { runTurn, type TurnOutcome } from './run/opencode-turn.js';
import type { OpenCodeRunOptions } from './run/run-options.js';
import { isPlanError, planRun } from './run/run-plan.js';
import type { TurnEventSink } from './run/turn-events.js';
import { OpencodeServer } from './server/opencode-server.js';
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
 * an error result and the next run starts a fresh server.
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
  readonly #tracker: WorkspaceTracker | undefined;
  /** Sessions with a run in flight: a second run on one would interleave with it. */
  readonly #busySessions = new Set<string>();
  #server: Promise<OpencodeServer> | undefined;

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
      throw new OpencodeError('session_not_found', `opencode has no session "${sessionId}"`);
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
  ): Promise<AgentResult> {
    const scope = this.beginRun(options);
    const plan = planRun(
      {
        agent: this.agentName,
        providerId: this.providerId,
        providerBaseUrl: this.providerBaseUrl,
        modelId: this.modelId,
        models: this.#options.models ?? [],
        system: this.#options.system,
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
      let server: OpencodeServer;
      try {
        server = await this.#ensureServer(scope, controller.signal, deadline);
        if (
          sessionId !== undefined &&
          !(await server.client.hasSession(sessionId, AbortSignal.timeout(15_000)))
        ) {
          throw new OpencodeError(
            'session_not_found',
            `opencode has no session "${sessionId}"${this.#options.dataDir === undefined ? ' (without a dataDir, sessions live only as long as the server)' : ''}`,
          );
        }
      } catch (error) {
        await diff.discard();
        return this.#failFromError(scope, error, sessionId);
      }
      const outcome = await runTurn({
        server,
        runId: scope.runId,
        input,
        sessionId,
        preamble: sessionId === undefined ? conversationPreamble(context?.messages) : undefined,
        // The snapshot must be taken before the prompt, not before the session exists.
        beforePrompt: diff.ready(),
        agent: plan.agent,
        model: plan.model,
        system: plan.system,
        sink: this.#sink(scope),
        signal: controller.signal,
        deadline,
        maxEngineRetries: this.#options.maxEngineRetries ?? 2,
        onPermission: this.#options.onPermission,
        permissionPolicy: this.#options.permissionPolicy ?? { '*': 'reject' },
        permissionTimeoutMs: this.#options.permissionTimeoutMs ?? 60_000,
      });
      if (outcome.error?.kind === 'server_crashed') this.#forget(server);
      return this.#finish(scope, outcome, server.address, plan.agent, await diff.finish());
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
    const running = await server?.catch(() => undefined);
    await running?.dispose();
    await this.#tracker?.close();
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
      const binary = resolveOpencodeBinary({ opencodeBin: this.#options.opencodeBin });
      if (binary === undefined) {
        const where = this.#options.opencodeBin ?? process.env.OPENCODE_BIN;
        throw new OpencodeError(
          'opencode_not_found',
          `${where === undefined ? 'opencode was not found on PATH' : `opencode was not found at ${where}`}; install it with "npm install opencode-ai" (or "npm install -g opencode-ai"), or set opencodeBin / OPENCODE_BIN`,
        );
      }
      this.emit(EventType.AGENT_STATUS, { ...this.identity(scope), status: 'server_starting' });
      const contextLength = this.#options.contextLength ?? (await this.#engineContextLength());
      const server = await OpencodeServer.start({
        binary,
        workspace: this.workspace,
        hostname: this.#options.hostname ?? '127.0.0.1',
        port: this.#options.port ?? 0,
        username,
        password: this.#password ?? randomBytes(24).toString('base64url'),
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
    starting.catch(() => {
      if (this.#server === starting) this.#server = undefined;
    });
    return raceAbort(starting, signal, 'starting the opencode server');
  }

  async #engineContextLength(): Promise<number | undefined> {
    const engine = this.engine;
    if (engine?.contextLength === undefined) return undefined;
    try {
      return await Promise.race([
        engine.contextLength(this.modelId, { signal: AbortSignal.timeout(3_000) }),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 3_000).unref()),
      ]);
    } catch {
      return undefined;
    }
  }

  #forget(server: OpencodeServer): void {
    void this.#server?.then((current) => {
      if (current === server) this.#server = undefined;
    });
  }

  #sink(scope: RunScope): TurnEventSink {
    const id = this.identity(scope);
    return {
      toolStart: (data) => this.emit(EventType.TOOL_CALL_START, { ...id, ...data }),
      toolEnd: (data) =>
        this.emit(EventType.TOOL_CALL_END, { ...id, ...data, output: this.#redact(data.output) }),
      textDelta: (data) => this.emit(EventType.AGENT_TEXT_DELTA, { ...id, ...data }),
      status: (data) => this.emit(EventType.AGENT_STATUS, { ...id, ...data }),
      error: (data) =>
        this.emit(EventType.AGENT_ERROR, { ...id, ...data, message: this.#redact(data.message) }),
      permissionRequest: (data) => this.emit(EventType.PERMISSION_REQUEST, { ...id, ...data }),
      permissionReply: (data) => this.emit(EventType.PERMISSION_REPLY, { ...id, ...data }),
    };
  }

  #finish(
    scope: RunScope,
    outcome: TurnOutcome,
    server: ServerAddress,
    agent: string,
    diff: DiffOutcome,
  ): AgentResult {
    const messages = outcome.assistantMessages;
    const last = messages.at(-1);
    const usage = sumUsage(messages);
    const metadata: Record<string, unknown> = {
      finish: last?.info.finish ?? null,
      tokens: usage,
      providerId: last?.info.providerID ?? this.providerId,
      modelId: last?.info.modelID ?? this.modelId,
      sessionId: outcome.sessionId ?? '',
      agent,
      runId: scope.runId,
    };
    const changes = diff.diff === undefined ? undefined : this.#redactDiff(diff.diff);
    if (changes !== undefined) metadata.diff = changes;
    const toolResults = extractToolResults(messages.flatMap((message) => message.parts));
    for (const result of toolResults) result.content = this.#redact(result.content);
    let content = this.#redact(extractText(last?.parts ?? []));
    if (outcome.error !== undefined) {
      metadata.error = true;
      metadata.errorKind = outcome.error.kind;
      content = `opencode agent failed: ${this.#redact(outcome.error.message)}`;
    }
    const result: AgentResult = { content, toolResults, turns: 1, metadata };
    if (diff.error !== undefined) {
      this.emit(EventType.AGENT_ERROR, {
        ...this.identity(scope),
        kind: 'workspace_diff_failed',
        message: this.#redact(diff.error),
      });
    }
    if (changes !== undefined) {
      this.emit(EventType.WORKSPACE_DIFF, { ...this.identity(scope), diff: changes });
    }
    this.emitTurnEnd(scope, {
      turns: 1,
      model: String(metadata.modelId),
      provider: String(metadata.providerId),
      usage,
      server,
      result,
      ...(outcome.sessionId === undefined ? {} : { sessionId: outcome.sessionId }),
      ...(outcome.error === undefined ? {} : { error: true, errorKind: outcome.error.kind }),
    });
    return result;
  }

  #fail(
    scope: RunScope,
    kind: OpencodeErrorKind,
    message: string,
    sessionId: string | undefined,
  ): AgentResult {
    const result: AgentResult = {
      content: this.#redact(message),
      toolResults: [],
      turns: 1,
      metadata: {
        error: true,
        errorKind: kind,
        agent: this.agentName,
        runId: scope.runId,
        sessionId: sessionId ?? '',
      },
    };
    this.emitTurnEnd(scope, { turns: 1, error: true, errorKind: kind, result });
    return result;
  }

  #failFromError(scope: RunScope, error: unknown, sessionId: string | undefined): AgentResult {
    if (OpencodeError.isInstance(error)) {
      return this.#fail(scope, error.kind, error.message, sessionId);
    }
    if (AbortedError.isInstance(error) || scope.signal?.aborted) {
      return this.#fail(scope, 'aborted', 'the run was aborted', sessionId);
    }
    const message = `opencode agent failed: ${String(error)}`;
    return this.#fail(scope, 'server_start_failed', message, sessionId);
  }

  /** The diff with the API key and server password taken out of its patches. */
  #redactDiff(diff: WorkspaceDiff): WorkspaceDiff {
    return {
      ...diff,
      files: diff.files.map((file) => ({ ...file, patch: this.#redact(file.patch) })),
    };
  }

  /** Removes the API key and the server password from text that leaves the agent. */
  #redact(text: string): string {
    let redacted = text;
    for (const secret of [this.#apiKey, this.#password]) {
      if (secret !== undefined && secret.length >= 4)
        redacted = redacted.split(secret).join('[REDACTED]');
    }
    return redacted;
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
