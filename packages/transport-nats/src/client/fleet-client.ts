import type { NatsConnection } from '@nats-io/transport-node';
import type { AnyJarvisEvent } from '@openjarvis/core';
import { Observable } from 'rxjs';
import { FleetError } from '../errors.js';
import { RemoteBus, type RemoteBusStart } from '../events/remote-bus.js';
import { cancelSubject, FleetSubjects } from '../events/subjects.js';
import { activeTraceparent } from '../events/traceparent.js';
import { type FleetStore, openFleetStore } from '../nats/fleet-store.js';
import { type FleetTask, validateTask } from '../tasks/fleet-task.js';
import { readOutcome } from '../tasks/outcome-store.js';
import type { TaskOutcome } from '../tasks/task-outcome.js';
import type { WorkerPresence } from '../worker/fleet-worker.js';

/** What `submit` did. */
export interface Submitted {
  taskId: string;
  /** True when the task was known already (queued, or finished): nothing new was queued. */
  duplicate: boolean;
}

export interface ResultOptions {
  /** @default 600_000 */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The fleet from a program: submit tasks, wait for their outcome, cancel
 * them, list workers, and watch events.
 *
 * ```ts
 * const fleet = await FleetClient.connect(nc);
 * await fleet.submit({ id: 'fix-1', agent: 'build', input: 'Fix the test', workspace: '/repo' });
 * const outcome = await fleet.result('fix-1');
 * ```
 */
// How long one listing of the workers bucket may take before it is tried again.
const listAttemptMs = 2_000;

export class FleetClient {
  readonly #store: FleetStore;

  private constructor(store: FleetStore) {
    this.#store = store;
  }

  /** Opens the fleet's streams and buckets on `nc` (creating them on a new server). */
  static async connect(nc: NatsConnection): Promise<FleetClient> {
    return new FleetClient(await openFleetStore(nc));
  }

  /**
   * Queues a task, once: a task id already queued (within the queue's
   * de-duplication window) or already finished is not queued again. The
   * caller's active trace context, if any, travels with the task.
   */
  async submit(task: FleetTask): Promise<Submitted> {
    validateTask(task);
    if ((await readOutcome(this.#store.results, task.id)) !== undefined) {
      return { taskId: task.id, duplicate: true };
    }
    const traceparent = task.traceparent ?? activeTraceparent();
    const ack = await this.#store.js.publish(
      FleetSubjects.taskSubject,
      JSON.stringify(traceparent === undefined ? task : { ...task, traceparent }),
      { msgID: task.id },
    );
    return { taskId: task.id, duplicate: ack.duplicate };
  }

  /** The task's outcome, if it is recorded already. */
  outcome(taskId: string): Promise<TaskOutcome | undefined> {
    return readOutcome(this.#store.results, taskId);
  }

  /**
   * Waits for the task's outcome (one per task, whichever worker ran it).
   * Rejects with a `FleetError` (`timeout`) when `timeoutMs` runs out.
   */
  async result(taskId: string, options: ResultOptions = {}): Promise<TaskOutcome> {
    const timeoutMs = options.timeoutMs ?? 600_000;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      options.signal?.throwIfAborted();
      try {
        const outcome = await this.#watchResult(taskId, deadline - Date.now(), options.signal);
        if (outcome !== undefined) return outcome;
      } catch {
        // The server is away (restarting, say): watch again once it is back.
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    options.signal?.throwIfAborted();
    throw new FleetError('timeout', `no outcome for task ${taskId} within ${timeoutMs} ms`);
  }

  /** The outcome, or undefined when `ms` ran out or `signal` aborted first. */
  async #watchResult(
    taskId: string,
    ms: number,
    signal: AbortSignal | undefined,
  ): Promise<TaskOutcome | undefined> {
    const watch = await this.#store.results.watch({ key: taskId });
    const stop = () => void watch.stop();
    const timer = setTimeout(stop, ms);
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for await (const entry of watch) {
        if (entry.operation === 'PUT') return entry.json<TaskOutcome>();
      }
      return undefined;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      watch.stop();
    }
  }

  /**
   * Cancels a task wherever it is: a running one is aborted (its outcome is
   * `aborted`), a queued one is recorded `aborted` when a worker takes it.
   */
  async cancel(taskId: string): Promise<void> {
    await this.#store.cancels.put(taskId, JSON.stringify({ at: Date.now() }));
    this.#store.nc.publish(cancelSubject(taskId));
    await this.#store.nc.flush();
  }

  /** The workers heartbeating now, with their running tasks. */
  async workers(options: { timeoutMs?: number } = {}): Promise<WorkerPresence[]> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    let lastError: unknown;
    // Listing a bucket's keys can wait forever when an entry expires (a dead
    // worker's presence lapsing) while the listing runs: each attempt is
    // bounded, and a stalled one is tried again.
    while (Date.now() < deadline) {
      try {
        return await this.#listWorkers(Math.min(listAttemptMs, deadline - Date.now()));
      } catch (error) {
        lastError = error;
      }
    }
    throw new FleetError('timeout', `could not list the fleet's workers in time`, {
      cause: lastError,
    });
  }

  async #listWorkers(boundMs: number): Promise<WorkerPresence[]> {
    const keys = (await this.#store.workers.keys())[Symbol.asyncIterator]();
    const names: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`listing took over ${boundMs} ms`)), boundMs);
    });
    try {
      for (;;) {
        const next = await Promise.race([keys.next(), expired]);
        if (next.done === true) break;
        names.push(next.value);
      }
    } catch (error) {
      await keys.return?.();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const workers: WorkerPresence[] = [];
    for (const key of names) {
      const entry = await this.#store.workers.get(key);
      if (entry?.operation === 'PUT') workers.push(entry.json<WorkerPresence>());
    }
    return workers.sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * The fleet's events as a bus (every task's, or one task's from its start).
   * Close it when done.
   */
  events(options: { taskId?: string; from?: RemoteBusStart } = {}): Promise<RemoteBus> {
    return RemoteBus.open(this.#store.nc, {
      ...(options.taskId === undefined ? {} : { runId: options.taskId }),
      ...(options.from === undefined ? {} : { from: options.from }),
    });
  }

  /**
   * The same as an Observable: subscribing opens the remote bus, unsubscribing
   * closes it. One task's events start from its beginning, the fleet's from now.
   */
  events$(taskId?: string): Observable<AnyJarvisEvent> {
    return new Observable<AnyJarvisEvent>((subscriber) => {
      let bus: RemoteBus | undefined;
      let closed = false;
      this.events(taskId === undefined ? {} : { taskId }).then(
        (opened) => {
          bus = opened;
          if (closed) void opened.close();
          else opened.events$.subscribe(subscriber);
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        closed = true;
        void bus?.close();
      };
    });
  }
}
