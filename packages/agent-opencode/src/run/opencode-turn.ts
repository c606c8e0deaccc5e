import type { AgentErrorKind } from '@openjarvis/core';
import type { Subscription } from 'rxjs';
import { match, P } from 'ts-pattern';
import { newMessageId } from '../client/message-id.js';
import type { OpenCodeClient, PromptBody } from '../client/opencode-client.js';
import { OpenCodeError } from '../errors.js';
import {
  type ClassifiedError,
  classifyOpenCodeError,
  classifyRetryMessage,
} from '../protocol/classify-error.js';
import { type KnownEvent, type OpenCodeEvent, sessionOf } from '../protocol/events.js';
import { toolOutcome } from '../protocol/extract.js';
import type { MessageError, MessageWithParts } from '../protocol/messages.js';
import { isTextPart, isToolPart, type Part, type ToolPart } from '../protocol/parts.js';
import type { ServerConnection } from '../server/server-connection.js';
import {
  decidePermission,
  type PermissionCallback,
  type PermissionPolicy,
} from './permission-handling.js';
import { StallWatch } from './stall-watch.js';
import type { TurnEventSink } from './turn-events.js';

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

type Ending =
  | { kind: 'idle' }
  | { kind: 'stopped'; error: ClassifiedError }
  | { kind: 'crashed'; error: ClassifiedError };

// After an error or an abort opencode sends a first idle *before* the final
// message update; wait this long for the second idle.
const settleMs = 2_000;
// Bound on waiting for opencode to wind a turn down after an abort.
const abortSettleMs = 4_000;

/**
 * Drives one prompt on a new session (or an existing one): subscribes to the session's events
 * before prompting, turns them into live tool and text events, answers
 * permission requests, ends on the session's idle (or on abort, timeout,
 * engine failure, server death), then reads the session's messages so the
 * result misses nothing the stream may have dropped.
 */
export async function runTurn(options: TurnOptions): Promise<TurnOutcome> {
  const { server, sink } = options;
  const client = options.client;
  const userMessageId = newMessageId();
  const turnController = new AbortController();
  const subscriptions: Subscription[] = [];
  const timers: NodeJS.Timeout[] = [];

  let sessionId: string | undefined;
  let ending: Ending | undefined;
  let resolveEnding: (ending: Ending) => void = () => {};
  const ended = new Promise<Ending>((resolve) => {
    resolveEnding = resolve;
  });
  const end = (value: Ending) => {
    if (ending !== undefined) return;
    ending = value;
    resolveEnding(value);
  };

  // Stopping (abort, timeout, engine failure): ask opencode to abort, then end
  // at the next idle or after a bound, whichever comes first.
  let stopError: ClassifiedError | undefined;
  const stop = (error: ClassifiedError) => {
    if (stopError !== undefined || ending !== undefined) return;
    stopError = error;
    if (sessionId === undefined) {
      end({ kind: 'stopped', error });
      return;
    }
    client.abort(sessionId, AbortSignal.timeout(2_000)).catch(() => {});
    timers.push(setTimeout(() => end({ kind: 'stopped', error }), abortSettleMs));
  };

  const onCallerAbort = () =>
    stop({ kind: 'aborted', message: 'the run was aborted by its caller' });
  if (options.signal?.aborted) onCallerAbort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  timers.push(
    setTimeout(
      () => stop({ kind: 'timeout', message: `the run did not finish within its time limit` }),
      Math.max(0, options.deadline - Date.now()),
    ),
  );
  const stall = new StallWatch(options.stallTimeoutMs, (silentMs) =>
    stop({
      kind: 'engine_stalled',
      message: `no progress from opencode or the engine for ${silentMs} ms (stallTimeoutMs): the engine accepted the request but stopped answering`,
    }),
  );
  const stopWatchingExit = server.onExit((exit) =>
    end({
      kind: 'crashed',
      // A run already stopping (aborted, timed out) keeps its own reason.
      error: stopError ?? {
        kind: 'server_crashed',
        message: `the opencode server exited during the run (code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'})`,
      },
    }),
  );

  // Keyed by opencode's part id: call ids are only unique within one model
  // reply (engines that synthesise them restart at call_0 or call_1).
  const tools = new Map<
    string,
    { tool: string; callId: string; started: boolean; ended: boolean }
  >();
  const textParts = new Map<string, { kind: 'text' | 'reasoning'; emitted: number }>();
  let sessionError: MessageError | undefined;
  let idles = 0;
  let settleTimer: NodeJS.Timeout | undefined;

  const emitToolPart = (part: ToolPart) => {
    let state = tools.get(part.id);
    if (state === undefined) {
      state = { tool: part.tool, callId: part.callID, started: false, ended: false };
      tools.set(part.id, state);
    }
    if (part.state.status === 'pending' || state.ended) return;
    if (!state.started) {
      state.started = true;
      stall.hold(part.id);
      sink.toolStart({
        tool: state.tool,
        callId: part.callID,
        input: part.state.input ?? {},
        sessionId: part.sessionID,
      });
    }
    const outcome = toolOutcome(part);
    if (!outcome.finished) return;
    state.ended = true;
    stall.release(part.id);
    sink.toolEnd({
      tool: state.tool,
      callId: part.callID,
      success: outcome.success,
      output: outcome.output,
      durationMs: outcome.durationMs ?? 0,
      sessionId: part.sessionID,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    });
  };

  const onTextPart = (part: Part) => {
    if (!isTextPart(part) || part.messageID === userMessageId) return;
    let state = textParts.get(part.id);
    if (state === undefined) {
      state = { kind: part.type, emitted: 0 };
      textParts.set(part.id, state);
    }
    // A part that arrives complete without deltas (or with fewer) still reaches listeners.
    if (part.time?.end !== undefined && part.text.length > state.emitted) {
      sink.textDelta({
        delta: part.text.slice(state.emitted),
        kind: state.kind,
        partId: part.id,
        sessionId: part.sessionID,
      });
      state.emitted = part.text.length;
    }
  };

  const onIdle = () => {
    idles++;
    const needsSecondIdle = sessionError !== undefined || stopError !== undefined;
    if (!needsSecondIdle || idles >= 2) {
      end({ kind: 'idle' });
      return;
    }
    settleTimer ??= setTimeout(() => end({ kind: 'idle' }), settleMs);
  };

  const onPermission = async (event: Extract<KnownEvent, { type: 'permission.asked' }>) => {
    const asked = event.properties;
    const request = {
      requestId: asked.id,
      sessionId: asked.sessionID,
      runId: options.runId,
      permission: asked.permission,
      patterns: asked.patterns,
      metadata: asked.metadata,
      ...(asked.tool === undefined ? {} : { callId: asked.tool.callID }),
    };
    sink.permissionRequest(request);
    stall.hold(asked.id);
    const decided = await decidePermission(request, {
      callback: options.onPermission,
      policy: options.permissionPolicy,
      timeoutMs: options.permissionTimeoutMs,
      signal: turnController.signal,
    }).finally(() => stall.release(asked.id));
    if (ending !== undefined) return;
    try {
      await client.replyPermission(asked.id, decided.reply, AbortSignal.timeout(5_000));
      sink.permissionReply({
        requestId: asked.id,
        sessionId: asked.sessionID,
        permission: asked.permission,
        reply: decided.reply,
        by: decided.by,
      });
    } catch (error) {
      sink.error({ kind: 'permission_reply_failed', message: errorText(error) });
    }
  };

  const onEvent = (event: OpenCodeEvent) => {
    if (ending !== undefined || sessionId === undefined || sessionOf(event) !== sessionId) return;
    stall.progress();
    // Silence counts from opencode's first status (its loop turning to the
    // engine); what comes before is opencode's own start-up, which the run's
    // time limit bounds.
    if (event.type === 'session.status') stall.start();
    match(event)
      .with({ type: 'message.part.updated' }, (e) => {
        const part = e.properties.part;
        if (isToolPart(part)) emitToolPart(part);
        else onTextPart(part);
      })
      .with({ type: 'message.part.delta', properties: { field: 'text' } }, (e) => {
        const delta = e.properties;
        if (delta.messageID === userMessageId) return;
        const state = textParts.get(delta.partID) ?? { kind: 'text' as const, emitted: 0 };
        textParts.set(delta.partID, state);
        state.emitted += delta.delta.length;
        sink.textDelta({
          delta: delta.delta,
          kind: state.kind,
          partId: delta.partID,
          sessionId: delta.sessionID,
        });
      })
      .with({ type: 'session.status', properties: { status: { type: 'retry' } } }, (e) => {
        const status = e.properties.status;
        // opencode is silent until its next attempt; that wait is not a stall.
        stall.progress(status.next);
        const message = status.message ?? 'the engine request failed';
        sink.status({
          status: 'retrying',
          message,
          ...(status.attempt === undefined ? {} : { attempt: status.attempt }),
        });
        if ((status.attempt ?? 1) > options.maxEngineRetries) stop(classifyRetryMessage(message));
      })
      .with({ type: 'session.error' }, (e) => {
        sessionError ??= e.properties.error ?? { name: 'UnknownError' };
        if (idles > 0) settleTimer ??= setTimeout(() => end({ kind: 'idle' }), settleMs);
      })
      .with(
        {
          type: 'message.updated',
          properties: { info: { role: 'assistant', error: P.nonNullable } },
        },
        () => {
          if (idles > 0) end({ kind: 'idle' });
        },
      )
      .with({ type: 'session.idle' }, onIdle)
      .with({ type: 'permission.asked' }, (e) => {
        void onPermission(e);
      })
      .otherwise(() => {});
  };

  try {
    sessionId =
      options.sessionId ?? (await client.createSession(options.input.slice(0, 80), options.signal));
    await server.events.ready();
    subscriptions.push(
      server.events.events$.subscribe(onEvent),
      server.events.malformed$.subscribe((bad) =>
        sink.error({
          kind: 'malformed_event',
          message: `ignored a malformed event from opencode: ${bad.reason}`,
        }),
      ),
      // Events are not replayed after a reconnect: if the session went idle
      // meanwhile, the idle was missed, so ask.
      server.events.reconnected$.subscribe(() => {
        sink.status({ status: 'stream_reconnected', message: 'reconnected to opencode events' });
        const current = sessionId;
        if (current === undefined) return;
        client
          .busySessions(AbortSignal.timeout(5_000))
          .then((busy) => {
            if (!busy.includes(current)) end({ kind: 'idle' });
          })
          .catch(() => {});
      }),
    );
    await options.beforePrompt;
    if (stopError !== undefined) {
      end({ kind: 'stopped', error: stopError });
    } else {
      const body: PromptBody = {
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
      await client.promptAsync(sessionId, body, AbortSignal.timeout(15_000));
    }
  } catch (error) {
    if (ending === undefined) {
      const kind: AgentErrorKind = OpenCodeError.isInstance(error) ? error.kind : 'protocol_error';
      end({ kind: 'stopped', error: stopError ?? { kind, message: errorText(error) } });
    }
  }

  const finalEnding = await ended;
  turnController.abort();
  clearTimeout(settleTimer);
  stall.stop();
  for (const timer of timers) clearTimeout(timer);
  for (const subscription of subscriptions) subscription.unsubscribe();
  stopWatchingExit();
  options.signal?.removeEventListener('abort', onCallerAbort);

  let assistantMessages: MessageWithParts[] = [];
  let readError: ClassifiedError | undefined;
  if (finalEnding.kind !== 'crashed' && sessionId !== undefined && server.alive) {
    try {
      const messages = await client.messages(sessionId, AbortSignal.timeout(10_000));
      // Everything after our prompt belongs to this turn (the session is ours
      // alone), including what opencode adds itself: on a context overflow it
      // inserts a compaction exchange whose assistant message carries the error.
      const start = messages.findIndex((message) => message.info.id === userMessageId);
      assistantMessages = messages
        .slice(start + 1)
        .filter((message) => message.info.role === 'assistant');
    } catch (error) {
      readError = {
        kind: 'protocol_error',
        message: `could not read the session's messages: ${errorText(error)}`,
      };
    }
  }

  // Whatever the stream missed, listeners still see every tool call start and end once.
  for (const message of assistantMessages) {
    for (const part of message.parts) if (isToolPart(part)) emitToolPart(part);
  }
  for (const state of tools.values()) {
    if (!state.started || state.ended) continue;
    state.ended = true;
    sink.toolEnd({
      tool: state.tool,
      callId: state.callId,
      success: false,
      output: 'the tool call was interrupted',
      durationMs: 0,
      error: { kind: 'interrupted', message: 'the run ended while the tool was running' },
      ...(sessionId === undefined ? {} : { sessionId }),
    });
  }

  const last = assistantMessages.at(-1);
  const reported = last?.info.error ?? (assistantMessages.length === 0 ? sessionError : undefined);
  const error =
    finalEnding.kind === 'idle'
      ? (stopError ??
        (reported === undefined ? undefined : classifyOpenCodeError(reported)) ??
        readError)
      : finalEnding.error;
  return { sessionId, assistantMessages, error };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
