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
import { extractText, extractToolResults } from './protocol/extract.js';
import type { MessageWithParts } from './protocol/messages.js';
import { runTurn, type TurnOutcome } from './run/opencode-turn.js';
import type { TurnEventSink } from './run/turn-events.js';
import type { OpenCodeRunMetadata } from './run-metadata.js';
import { OpencodeServer } from './server/opencode-server.js';

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
    this.#registerPassword(this.#password);
    this.secrets.add(this.#apiKey);
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
      let server: OpencodeServer;
      try {
        server = await this.#ensureServer(scope, controller.signal, deadline);
      } catch (error) {
        return this.#failFromError(scope, error);
      }
      const outcome = await runTurn({
        server,
        runId: scope.runId,
        input,
        agent: this.agentName,
        model,
        system: this.#options.system,
        sink: this.#sink(scope),
        signal: controller.signal,
        deadline,
        maxEngineRetries: this.#options.maxEngineRetries ?? 2,
        stallTimeoutMs: this.#options.stallTimeoutMs ?? 120_000,
        onPermission: this.#options.onPermission,
        permissionPolicy: this.#options.permissionPolicy ?? { '*': 'reject' },
        permissionTimeoutMs: this.#options.permissionTimeoutMs ?? 60_000,
      });
      if (outcome.error?.kind === 'server_crashed') this.#forget(server);
      return this.#finish(scope, outcome, server.address);
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
    const running = await server?.catch(() => undefined);
    await running?.dispose();
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
    if (outcome.error !== undefined) {
      metadata.error = outcome.error;
      content = `opencode agent failed: ${outcome.error.message}`;
    }
    return this.emitTurnEnd(scope, {
      turns: 1,
      model: metadata.modelId,
      provider: metadata.providerId,
      usage,
      server,
      result: { content, toolResults, turns: 1, metadata },
      ...(outcome.sessionId === undefined ? {} : { sessionId: outcome.sessionId }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    });
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
