import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AnyJarvisEvent, EventBus } from '@openjarvis/core';
import { createRedactor } from '@openjarvis/recorder';
import { ensureEventStream } from '../nats/ensure-streams.js';
import type { BridgeOptions } from './bridge-options.js';
import { type EventEnvelope, encodeEnvelope } from './event-envelope.js';
import { runKeyOf } from './run-key.js';
import { eventSubject } from './subjects.js';
import { activeTraceparent, newTraceparent, parseTraceparent } from './traceparent.js';

/** What a run's events share on the wire. */
export interface RunBinding {
  /** The fleet task the run executes. */
  taskId?: string;
  /** The W3C trace context the run continues (e.g. the submitter's). */
  traceparent?: string;
}

export interface BusBridge {
  /** Ties a run's events to a task and a trace; call it before the run's first event. */
  bindRun(runId: string, binding: RunBinding): void;
  /** Resolves once every event published so far is stored in the stream. */
  flush(): Promise<void>;
  /**
   * Stops listening, then waits (at most `timeoutMs`, default 10 s) for what
   * is queued to be stored; what is still queued then is dropped and reported.
   */
  close(timeoutMs?: number): Promise<void>;
  /** Events stored in the stream so far. */
  readonly published: number;
  /** Events waiting to be stored. */
  readonly pending: number;
}

interface RunState {
  seq: number;
  traceparent: string;
  taskId: string | undefined;
}

interface Outgoing {
  subject: string;
  bytes: Uint8Array;
  id: string;
}

const defaultSource = () => `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

/**
 * Publishes every event of `bus` to JetStream as `jarvis.events.<runId>.<type>`,
 * in an envelope with a stable id, the run's sequence number and its trace
 * context (see `EventEnvelope`). A failed publish is retried with the same id
 * until it is stored, so a server restart delays events but loses none; what
 * a retry stored out of order, `RemoteBus` puts back in order by sequence.
 */
export async function bridgeBusToNats(
  bus: EventBus,
  nc: NatsConnection,
  options: BridgeOptions = {},
): Promise<BusBridge> {
  await ensureEventStream(await jetstreamManager(nc));
  const js = jetstream(nc);
  const source = options.source ?? defaultSource();
  const redact = createRedactor(options.redaction);
  const wanted = options.types === undefined ? undefined : new Set<string>(options.types);
  const maxRuns = options.maxRuns ?? 10_000;
  const publishTimeoutMs = options.publishTimeoutMs ?? 5_000;
  const window = options.maxInFlight ?? 64;
  const report = (error: unknown) => {
    try {
      (options.onError ?? ((e) => process.emitWarning(String(e), 'BusBridgeWarning')))(error);
    } catch {
      // the caller's handler failed; nothing more to do
    }
  };

  const runs = new Map<string, RunState>();
  const bindings = new Map<string, RunBinding>();
  const queue: Outgoing[] = [];
  let published = 0;
  let pumping = false;
  let closed = false;
  let idle: (() => void)[] = [];

  const stateOf = (runId: string): RunState => {
    let state = runs.get(runId);
    if (state === undefined) {
      const binding = bindings.get(runId);
      bindings.delete(runId);
      state = {
        seq: 0,
        traceparent:
          validTraceparent(binding?.traceparent) ?? activeTraceparent() ?? newTraceparent(),
        taskId: binding?.taskId,
      };
      runs.set(runId, state);
      if (runs.size > maxRuns) runs.delete(runs.keys().next().value as string);
    }
    return state;
  };

  const onEvent = (event: AnyJarvisEvent) => {
    if (closed || (wanted !== undefined && !wanted.has(event.type))) return;
    const runId = runKeyOf(event, `bus-${source}`);
    const state = stateOf(runId);
    let bytes: Uint8Array;
    const seq = state.seq + 1;
    const id = `${source}:${runId}:${seq}`;
    try {
      const envelope: EventEnvelope = {
        id,
        runId,
        seq,
        timestamp: event.timestamp,
        traceparent: state.traceparent,
        source,
        ...(state.taskId === undefined ? {} : { taskId: state.taskId }),
        // The redacted copy keeps the payload's shape; only secret values differ.
        event: {
          type: event.type,
          timestamp: event.timestamp,
          data: redact(event.data),
        } as unknown as AnyJarvisEvent,
      };
      bytes = encodeEnvelope(envelope);
    } catch (error) {
      report(error);
      return;
    }
    state.seq = seq;
    queue.push({ subject: eventSubject(runId, event.type), bytes, id });
    if (!pumping) void pump(js);
  };

  // Up to `window` publishes in flight at once, stored in order on one
  // connection. After a failure the batch is sent again from the first failed
  // event on: copies of those already stored are dropped by the server (same
  // id), and a receiver reorders by sequence what a retry stored late.
  const pump = async (client: JetStreamClient) => {
    pumping = true;
    let delay = 50;
    while (queue.length > 0) {
      const batch = queue.slice(0, window);
      const settled = await Promise.allSettled(
        batch.map((next) =>
          client.publish(next.subject, next.bytes, { msgID: next.id, timeout: publishTimeoutMs }),
        ),
      );
      let stored = 0;
      while (stored < settled.length && settled[stored]?.status === 'fulfilled') stored += 1;
      // `close` may have dropped the queue meanwhile.
      if (queue[0] === batch[0]) queue.splice(0, stored);
      published += stored;
      const failure = settled.find((result) => result.status === 'rejected');
      if (failure === undefined) {
        delay = 50;
        continue;
      }
      report(failure.reason);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 1_000);
    }
    pumping = false;
    const waiting = idle;
    idle = [];
    for (const resolve of waiting) resolve();
  };

  const subscription = bus.events$.subscribe(onEvent);

  const flush = () =>
    queue.length === 0 && !pumping
      ? Promise.resolve()
      : new Promise<void>((resolve) => idle.push(resolve));

  return {
    bindRun(runId, binding) {
      bindings.set(runId, binding);
      if (bindings.size > maxRuns) bindings.delete(bindings.keys().next().value as string);
    },
    flush,
    async close(timeoutMs = 10_000) {
      if (closed) return;
      closed = true;
      subscription.unsubscribe();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        flush(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (queue.length > 0) {
        report(new Error(`bus bridge closed with ${queue.length} events not stored; dropped`));
        queue.splice(0);
      }
    },
    get published() {
      return published;
    },
    get pending() {
      return queue.length;
    },
  };
}

function validTraceparent(value: string | undefined): string | undefined {
  return value !== undefined && parseTraceparent(value) !== undefined ? value : undefined;
}
