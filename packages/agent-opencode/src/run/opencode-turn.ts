import { match } from 'ts-pattern';
import { newMessageId } from '../client/message-id.js';
import type { OpenCodeClient, PromptBody } from '../client/opencode-client.js';
import type { ClassifiedError } from '../protocol/classify-error.js';
import type { MessageWithParts } from '../protocol/messages.js';
import type { ServerConnection } from '../server/server-connection.js';
import { Disposer } from './disposer.js';
import {
  decidePermission,
  type PermissionCallback,
  type PermissionPolicy,
  type PermissionRequest,
} from './permission-handling.js';
import { StallWatch } from './stall-watch.js';
import { errorText, messagesReadable, type TurnEnding } from './turn-ending.js';
import { deliver, type TurnEventSink } from './turn-events.js';
import { type TurnServer, turnServer } from './turn-server.js';
import {
  type MessagesRead,
  type TurnCommand,
  type TurnInput,
  TurnTranslator,
} from './turn-translator.js';

export interface TurnOptions {
  /** The server the turn runs on: its event stream and its life. */
  server: ServerConnection;
  /** A client for the run's directory on that server. */
  client: OpenCodeClient;
  runId: string;
  input: string;
  /** Continue this existing session instead of creating one. */
  sessionId?: string | undefined;
  /** Sent before the input, as a synthetic part of the same user message. */
  preamble?: string | undefined;
  /** Awaited just before the prompt is sent (the workspace snapshot); must not reject. */
  beforePrompt?: Promise<void> | undefined;
  agent: string;
  model: { providerID: string; modelID: string };
  systemPrompt: string | undefined;
  sink: TurnEventSink;
  /** The caller's abort signal. */
  signal: AbortSignal | undefined;
  /** Epoch ms by which the turn must be over. */
  deadline: number;
  maxEngineRetries: number;
  /** Longest silence of the session (no progress from opencode or the engine) before the run ends. */
  stallTimeoutMs: number;
  onPermission: PermissionCallback | undefined;
  permissionPolicy: PermissionPolicy;
  permissionTimeoutMs: number;
}

export interface TurnOutcome {
  sessionId: string | undefined;
  /** The assistant messages that followed this turn's prompt, in order. */
  assistantMessages: MessageWithParts[];
  error: ClassifiedError | undefined;
}

/**
 * Drives one prompt on a new session (or an existing one): subscribes to the
 * session's events before prompting, lets the `TurnTranslator` turn them into
 * live tool and text events and decide when the turn is over (idle, abort,
 * timeout, stall, engine failure, server death), answers permission requests,
 * then reads the session's messages so the result misses nothing the stream
 * may have dropped.
 */
export async function runTurn(options: TurnOptions): Promise<TurnOutcome> {
  const server = turnServer(options.server, options.client);
  const userMessageId = newMessageId();
  const turn = new TurnTranslator({
    runId: options.runId,
    userMessageId,
    maxEngineRetries: options.maxEngineRetries,
  });
  const ending = await new LiveTurn(options, server, turn, userMessageId).run();
  const result = turn.finish(await readMessages(server, turn.sessionId, ending));
  for (const emission of result.emit) deliver(options.sink, emission);
  return {
    sessionId: turn.sessionId,
    assistantMessages: result.assistantMessages,
    error: result.error,
  };
}

/**
 * The turn while it runs: feeds the translator what happens (events, timers,
 * the caller's abort, the server's exit) and carries out its commands, until
 * the translator ends the turn.
 */
class LiveTurn {
  readonly #options: TurnOptions;
  readonly #server: TurnServer;
  readonly #turn: TurnTranslator;
  readonly #userMessageId: string;
  /** Timers, listeners and subscriptions: they end with the turn. */
  readonly #scope = new Disposer();
  readonly #stall: StallWatch;
  // Pending permission decisions give up when the turn ends.
  readonly #turnController = new AbortController();
  readonly #ended: Promise<TurnEnding>;
  #resolveEnding: (ending: TurnEnding) => void = () => {};

  constructor(
    options: TurnOptions,
    server: TurnServer,
    turn: TurnTranslator,
    userMessageId: string,
  ) {
    this.#options = options;
    this.#server = server;
    this.#turn = turn;
    this.#userMessageId = userMessageId;
    this.#ended = new Promise<TurnEnding>((resolve) => {
      this.#resolveEnding = resolve;
    });
    this.#stall = new StallWatch(options.stallTimeoutMs, (silentMs) =>
      this.#feed({ type: 'stalled', silentMs }),
    );
  }

  /** Until the turn ends; whatever it set up is undone when it returns. */
  async run(): Promise<TurnEnding> {
    using scope = this.#scope;
    const options = this.#options;
    const server = this.#server;
    scope.defer(() => this.#turnController.abort());
    scope.defer(() => this.#stall.stop());
    // What stops a turn from outside: the caller, the time limit, the server's death.
    const onCallerAbort = () => this.#feed({ type: 'caller_aborted' });
    if (options.signal?.aborted) onCallerAbort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    scope.defer(() => options.signal?.removeEventListener('abort', onCallerAbort));
    this.#after(Math.max(0, options.deadline - Date.now()), { type: 'deadline_passed' });
    scope.defer(server.onExit((exit) => this.#feed({ type: 'server_exited', exit })));

    try {
      this.#feed({
        type: 'session',
        sessionId:
          options.sessionId ??
          (await server.createSession(options.input.slice(0, 80), options.signal)),
      });
      // Watch before prompting: opencode does not replay events.
      await server.eventsReady();
      scope.defer(
        server.watch({
          event: (event) => this.#feed({ type: 'event', event }),
          malformed: (bad) => this.#feed({ type: 'malformed_event', reason: bad.reason }),
          reconnected: () => this.#feed({ type: 'reconnected' }),
        }),
      );
      await options.beforePrompt;
      this.#feed({ type: 'ready_to_prompt' });
    } catch (error) {
      this.#feed({ type: 'failed', error });
    }
    return await this.#ended;
  }

  #feed(input: TurnInput): void {
    const step = this.#turn.apply(input);
    for (const emission of step.emit) deliver(this.#options.sink, emission);
    for (const command of step.do) this.#perform(command);
    if (step.ended !== undefined) this.#resolveEnding(step.ended);
  }

  #perform(command: TurnCommand): void {
    const sessionId = this.#turn.sessionId;
    match(command)
      .with({ do: 'prompt' }, () => {
        if (sessionId === undefined) return;
        this.#server
          .prompt(sessionId, promptBody(this.#options, this.#userMessageId))
          .catch((error: unknown) => this.#feed({ type: 'failed', error }));
      })
      .with({ do: 'abort_session' }, ({ waitMs }) => {
        if (sessionId !== undefined) this.#server.abort(sessionId).catch(() => {});
        this.#after(waitMs, { type: 'abort_waited' });
      })
      .with({ do: 'arm_settle' }, ({ ms }) => this.#after(ms, { type: 'settled' }))
      .with({ do: 'answer_permission' }, ({ request }) => {
        void this.#answerPermission(request);
      })
      .with({ do: 'check_busy' }, () => {
        this.#server
          .busySessions()
          .then((sessionIds) => this.#feed({ type: 'busy_sessions', sessionIds }))
          .catch(() => {});
      })
      .with({ do: 'stall_progress' }, ({ quietUntil }) => this.#stall.progress(quietUntil))
      .with({ do: 'stall_start' }, () => this.#stall.start())
      .with({ do: 'stall_hold' }, ({ key }) => this.#stall.hold(key))
      .with({ do: 'stall_release' }, ({ key }) => this.#stall.release(key))
      .exhaustive();
  }

  /** Feeds `input` after `ms`, unless the turn is over by then. */
  #after(ms: number, input: TurnInput): void {
    const timer = setTimeout(() => this.#feed(input), ms);
    this.#scope.defer(() => clearTimeout(timer));
  }

  // A pending question holds the stall watch: opencode waits on the answer, not on the engine.
  async #answerPermission(request: PermissionRequest): Promise<void> {
    this.#stall.hold(request.requestId);
    const decided = await decidePermission(request, {
      callback: this.#options.onPermission,
      policy: this.#options.permissionPolicy,
      timeoutMs: this.#options.permissionTimeoutMs,
      signal: this.#turnController.signal,
    }).finally(() => this.#stall.release(request.requestId));
    if (this.#turn.ending !== undefined) return;
    try {
      await this.#server.replyPermission(request.requestId, decided.reply);
      this.#options.sink.permissionReply({
        requestId: request.requestId,
        sessionId: request.sessionId,
        permission: request.permission,
        reply: decided.reply,
        by: decided.by,
      });
    } catch (error) {
      this.#options.sink.error({ kind: 'permission_reply_failed', message: errorText(error) });
    }
  }
}

/** The session's messages after the turn, when there is a session and a server to ask. */
async function readMessages(
  server: TurnServer,
  sessionId: string | undefined,
  ending: TurnEnding,
): Promise<MessagesRead> {
  if (!messagesReadable(ending) || sessionId === undefined || !server.alive()) {
    return { read: 'skipped' };
  }
  try {
    return { read: 'ok', messages: await server.messages(sessionId) };
  } catch (error) {
    return { read: 'failed', error };
  }
}

function promptBody(options: TurnOptions, userMessageId: string): PromptBody {
  return {
    messageID: userMessageId,
    agent: options.agent,
    model: options.model,
    parts: [
      ...(options.preamble === undefined
        ? []
        : [{ type: 'text' as const, text: options.preamble, synthetic: true }]),
      { type: 'text', text: options.input },
    ],
    // The question tool waits for an answer no unattended run can give.
    tools: { question: false },
    ...(options.systemPrompt === undefined ? {} : { system: options.systemPrompt }),
  };
}
