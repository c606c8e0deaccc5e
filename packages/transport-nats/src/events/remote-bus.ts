import {
  type ConsumerMessages,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EventBus, type EventBusOptions } from '@openjarvis/core';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { type Observable, Subject } from 'rxjs';
import { ensureEventStream } from '../nats/ensure-streams.js';
import { decodeEnvelope, type EventEnvelope } from './event-envelope.js';
import { FleetSubjects, runEventsFilter } from './subjects.js';
import { parseTraceparent } from './traceparent.js';

/** Where a remote bus starts reading the event stream. */
export type RemoteBusStart =
  /** Events published from now on. */
  | 'new'
  /** Everything the stream still holds: a run (or the fleet) replayed from its start. */
  | 'start'
  /** After this stream sequence (a watcher resuming where it stopped). */
  | { afterStreamSequence: number };

export interface RemoteBusOptions extends EventBusOptions {
  /**
   * Only this run's events.
   * @default every run
   */
  runId?: string;
  /** @default 'new', or 'start' when `runId` is given */
  from?: RemoteBusStart;
  /**
   * How long an event that arrived ahead of its run's next sequence number is
   * held for the missing ones (a publisher's retry may store them late);
   * after it, the held events are delivered and the gap is counted in `gaps`.
   * @default 2_000
   */
  gapWaitMs?: number;
  /**
   * Told about a message that is not an event envelope (it is skipped).
   * @default a process warning
   */
  onMalformed?: (error: unknown) => void;
}

/**
 * A bus whose events come from other processes through JetStream. It is an
 * `EventBus` (same `events$`, `on$`, `subscribe`, `ofType`), so telemetry and
 * the recorder attach to it unchanged. Each run's events arrive in their
 * publish order, each once: copies (a re-sent publish, a replay overlap) are
 * dropped by the envelope's per-run sequence. After a lost connection the
 * stream is read again from the last sequence seen, so nothing is missed.
 *
 * Each event is delivered inside the trace context its envelope carries, so
 * spans started from it join the run's trace across machines.
 *
 * `publish` on a remote bus reaches only its local subscribers.
 */
/** Where one run (of one publisher) stands: the last sequence delivered, and what waits for a gap. */
interface RunOrder {
  last: number;
  readonly held: Map<number, EventEnvelope>;
  timer: NodeJS.Timeout | undefined;
}

const maxTrackedRuns = 10_000;

export class RemoteBus extends EventBus {
  readonly #envelopes = new Subject<EventEnvelope>();
  readonly #runs = new Map<string, RunOrder>();
  #gapWaitMs = 2_000;
  /** Reading from now on: a run's first event seen is where it starts for us. */
  #joinMidRun = false;
  #gaps = 0;
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  #lastStreamSequence = 0;
  #duplicates = 0;

  /** Every envelope delivered, after de-duplication (with `taskId`, `source`, `seq`). */
  readonly envelopes$: Observable<EventEnvelope> = this.#envelopes.asObservable();

  private constructor(options: EventBusOptions) {
    super(options);
  }

  /** Opens a remote view of the fleet's events (or of one run's). */
  static async open(nc: NatsConnection, options: RemoteBusOptions = {}): Promise<RemoteBus> {
    const { runId, from, onMalformed, gapWaitMs, ...busOptions } = options;
    const bus = new RemoteBus(busOptions);
    bus.#gapWaitMs = gapWaitMs ?? 2_000;
    await ensureEventStream(await jetstreamManager(nc));
    const start = from ?? (runId === undefined ? 'new' : 'start');
    bus.#joinMidRun = start === 'new';
    const consumer = await jetstream(nc).consumers.get(FleetSubjects.eventStream, {
      filter_subjects: runId === undefined ? FleetSubjects.eventsAll : runEventsFilter(runId),
      ...(start === 'new'
        ? { deliver_policy: DeliverPolicy.New }
        : start === 'start'
          ? { deliver_policy: DeliverPolicy.All }
          : {
              deliver_policy: DeliverPolicy.StartSequence,
              opt_start_seq: start.afterStreamSequence + 1,
            }),
    });
    const messages = await consumer.consume({ max_messages: 256 });
    bus.#messages = messages;
    const report =
      onMalformed ?? ((error) => process.emitWarning(String(error), 'RemoteBusWarning'));
    bus.#loop = (async () => {
      for await (const message of messages) {
        bus.#lastStreamSequence = message.seq;
        let envelope: EventEnvelope;
        try {
          envelope = decodeEnvelope(message.data);
        } catch (error) {
          report(error);
          continue;
        }
        if (runId !== undefined && envelope.runId !== runId) continue;
        bus.#receive(envelope);
      }
    })();
    return bus;
  }

  /** The stream sequence of the last message read: resume after it with `{ afterStreamSequence }`. */
  get lastStreamSequence(): number {
    return this.#lastStreamSequence;
  }

  /** Copies dropped so far. */
  get duplicates(): number {
    return this.#duplicates;
  }

  /** Events never received: the gaps given up on after `gapWaitMs`. */
  get gaps(): number {
    return this.#gaps;
  }

  /**
   * Stops reading, delivers what was held for a gap, and ends `envelopes$`.
   * Subscribers stay subscribed but receive nothing more.
   */
  async close(): Promise<void> {
    await this.#messages?.close();
    await this.#loop;
    for (const run of this.#runs.values()) this.#giveUpGap(run);
    this.#envelopes.complete();
  }

  #receive(envelope: EventEnvelope): void {
    const key = `${envelope.source}\u0000${envelope.runId}`;
    let run = this.#runs.get(key);
    if (run === undefined) {
      // Reading from now on, a run may be joined mid-way; otherwise it starts at 1
      // and an earlier event stored late is waited for.
      run = { last: this.#joinMidRun ? envelope.seq - 1 : 0, held: new Map(), timer: undefined };
      this.#runs.set(key, run);
      if (this.#runs.size > maxTrackedRuns) this.#forgetOldestRun();
    }
    if (envelope.seq <= run.last || run.held.has(envelope.seq)) {
      this.#duplicates += 1;
      return;
    }
    if (envelope.seq !== run.last + 1) {
      run.held.set(envelope.seq, envelope);
      if (run.timer === undefined) {
        const waiting = run;
        run.timer = setTimeout(() => this.#giveUpGap(waiting), this.#gapWaitMs);
        run.timer.unref();
      }
      return;
    }
    this.#deliver(envelope);
    run.last = envelope.seq;
    this.#deliverHeld(run);
  }

  /** Delivers the held events that now follow on. */
  #deliverHeld(run: RunOrder): void {
    for (
      let next = run.held.get(run.last + 1);
      next !== undefined;
      next = run.held.get(run.last + 1)
    ) {
      run.held.delete(next.seq);
      this.#deliver(next);
      run.last = next.seq;
    }
    if (run.held.size === 0 && run.timer !== undefined) {
      clearTimeout(run.timer);
      run.timer = undefined;
    }
  }

  /** The missing events are not coming: deliver the held ones in order, counting the gaps. */
  #giveUpGap(run: RunOrder): void {
    clearTimeout(run.timer);
    run.timer = undefined;
    while (run.held.size > 0) {
      const first = Math.min(...run.held.keys());
      this.#gaps += first - run.last - 1;
      run.last = first - 1;
      this.#deliverHeld(run);
    }
  }

  #forgetOldestRun(): void {
    const [key, run] = this.#runs.entries().next().value as [string, RunOrder];
    this.#giveUpGap(run);
    this.#runs.delete(key);
  }

  #deliver(envelope: EventEnvelope): void {
    const parent = parseTraceparent(envelope.traceparent);
    const deliver = () => {
      this.#envelopes.next(envelope);
      this.republish(envelope.event);
    };
    if (parent === undefined) {
      deliver();
      return;
    }
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: parent.traceId,
      spanId: parent.spanId,
      traceFlags: parent.flags,
      isRemote: true,
    });
    context.with(remote, deliver);
  }
}
