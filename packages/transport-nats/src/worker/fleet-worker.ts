import { randomBytes } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import type { Subscription } from '@nats-io/transport-node';
import { parseConfig } from '@openjarvis/config';
import { type AgentResult, type AnyJarvisEvent, EventBus } from '@openjarvis/core';
import { FleetError } from '../errors.js';
import { type BusBridge, bridgeBusToNats } from '../events/bridge-bus.js';
import { runKeyOf } from '../events/run-key.js';
import { FleetSubjects } from '../events/subjects.js';
import { ensureWorkerConsumer } from '../nats/ensure-streams.js';
import { type FleetStore, openFleetStore } from '../nats/fleet-store.js';
import { deadLetterTask } from '../tasks/dead-letter.js';
import { type FleetTask, validateTask } from '../tasks/fleet-task.js';
import { readOutcome, recordOutcome } from '../tasks/outcome-store.js';
import type { TaskOutcome } from '../tasks/task-outcome.js';
import { AgentPool } from './agent-pool.js';
import { type ExhaustedTasks, handleExhaustedTasks } from './exhausted-tasks.js';
import { prepareWorkspace } from './prepare-workspace.js';
import { retryDelay } from './retry-delay.js';
import type { FleetWorkerOptions } from './worker-options.js';

/** What a worker publishes about itself in the workers bucket. */
export interface WorkerPresence {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  running: { taskId: string; agent: string; since: number }[];
  startedAt: number;
  updatedAt: number;
}

type StopReason = 'cancelled' | 'timeout' | 'idle' | 'handed_back';

interface Running {
  readonly task: FleetTask;
  readonly message: JsMsg;
  readonly controller: AbortController;
  readonly since: number;
  lastProgress: number;
  stop: StopReason | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pulls tasks from the fleet's work queue and runs them with the agents of
 * its config, `concurrency` at a time. While a task runs the worker
 * heartbeats (`working()`), so only a worker that stops heartbeating loses
 * it; the result is recorded once (create-only), then the task is acked. A
 * task whose workspace cannot be prepared is retried with back-off and
 * dead-lettered, with the reason, after `maxDeliveries`. Every event of its
 * runs goes to the event stream.
 */
export class FleetWorker {
  readonly id: string;
  /** The local bus the worker's agents publish to (bridged to the fleet). */
  readonly bus: EventBus;
  readonly #options: Required<
    Omit<FleetWorkerOptions, 'nats' | 'config' | 'env' | 'log' | 'id'>
  > & { log: (line: string) => void };
  readonly #store: FleetStore;
  readonly #pool: AgentPool;
  readonly #bridge: BusBridge;
  readonly #running = new Map<string, Running>();
  readonly #startedAt = Date.now();
  #consumer: Consumer | undefined;
  #cancelSubscription: Subscription | undefined;
  #exhausted: ExhaustedTasks | undefined;
  #presenceTimer: NodeJS.Timeout | undefined;
  #pulling: Promise<void> | undefined;
  #stopping = false;
  #slotFreed: (() => void) | undefined;
  #stopped: Promise<void> | undefined;

  private constructor(
    options: FleetWorkerOptions,
    store: FleetStore,
    bus: EventBus,
    bridge: BusBridge,
    id: string,
  ) {
    this.id = id;
    this.bus = bus;
    this.#store = store;
    this.#bridge = bridge;
    const ackWaitMs = options.ackWaitMs ?? 30_000;
    this.#options = {
      concurrency: options.concurrency ?? 1,
      cacheDir: options.cacheDir ?? join(tmpdir(), 'openjarvis-worker-cache'),
      ackWaitMs,
      heartbeatMs: options.heartbeatMs ?? Math.max(100, Math.floor(ackWaitMs / 3)),
      maxDeliveries: options.maxDeliveries ?? 5,
      retryDelayMs: options.retryDelayMs ?? 2_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 600_000,
      drainTimeoutMs: options.drainTimeoutMs ?? 30_000,
      presenceTtlMs: options.presenceTtlMs ?? 15_000,
      gitTimeoutMs: options.gitTimeoutMs ?? 300_000,
      log: options.log ?? (() => {}),
    };
    this.#pool = new AgentPool(parseConfig(options.config), this.bus, options.env ?? process.env);
    this.bus.events$.subscribe((event) => this.#progress(event));
  }

  /** Connects to the fleet and starts pulling tasks. */
  static async start(options: FleetWorkerOptions): Promise<FleetWorker> {
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new FleetError(
        'invalid_task',
        `concurrency must be a positive integer, got ${concurrency}`,
      );
    }
    const maxDeliveries = options.maxDeliveries ?? 5;
    if (!Number.isInteger(maxDeliveries) || maxDeliveries < 1) {
      throw new FleetError(
        'invalid_task',
        `maxDeliveries must be a positive integer, got ${maxDeliveries}`,
      );
    }
    const id = options.id ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    const store = await openFleetStore(options.nats, {
      presenceTtlMs: options.presenceTtlMs ?? 15_000,
    });
    await ensureWorkerConsumer(store.jsm, {
      ackWaitMs: options.ackWaitMs ?? 30_000,
      maxDeliveries,
    });
    const bus = new EventBus();
    const bridge = await bridgeBusToNats(bus, options.nats, { source: id });
    const worker = new FleetWorker(options, store, bus, bridge, id);
    await worker.#begin();
    return worker;
  }

  /** The ids of the tasks running now. */
  get running(): string[] {
    return [...this.#running.keys()];
  }

  /**
   * Stops taking tasks, waits up to `drainTimeoutMs` for the running ones,
   * hands back those still running (they are delivered again elsewhere),
   * then leaves the fleet. Calling it again returns the same promise.
   */
  drain(): Promise<void> {
    this.#stopped ??= this.#drain();
    return this.#stopped;
  }

  async #begin(): Promise<void> {
    this.#consumer = await this.#store.js.consumers.get(
      FleetSubjects.taskStream,
      FleetSubjects.workerConsumer,
    );
    this.#cancelSubscription = this.#store.nc.subscribe(FleetSubjects.cancelAll, {
      callback: (_error, message) => {
        const taskId = message.subject.slice('jarvis.tasks.cancel.'.length);
        this.#cancel(taskId);
      },
    });
    this.#exhausted = await handleExhaustedTasks(this.#store, {
      worker: this.id,
      log: this.#options.log,
    });
    await this.#publishPresence();
    this.#presenceTimer = setInterval(
      () => void this.#publishPresence(),
      Math.max(100, Math.floor(this.#options.presenceTtlMs / 3)),
    );
    this.#pulling = this.#pullLoop();
  }

  async #pullLoop(): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      if (this.#running.size >= this.#options.concurrency) {
        await new Promise<void>((resolve) => {
          this.#slotFreed = resolve;
        });
        continue;
      }
      let message: JsMsg | null;
      try {
        message = await (this.#consumer as Consumer).next({ expires: 2_000 });
        failures = 0;
      } catch (error) {
        // The server is away (restarting, say): try again, backing off.
        failures += 1;
        this.#options.log(`pull failed (${String(error)}); retrying`);
        await sleep(Math.min(2_000, 100 * 2 ** failures));
        continue;
      }
      if (message === null) continue;
      if (this.#stopping) {
        message.nak(1_000);
        break;
      }
      void this.#handle(message);
    }
  }

  async #handle(message: JsMsg): Promise<void> {
    const deliveries = message.info.deliveryCount;
    let task: FleetTask;
    try {
      task = validateTask(message.json<unknown>());
    } catch (error) {
      // Nothing to run or to retry: keep it, with the reason, for a human.
      await this.#deadLetter(undefined, message, deliveries, reasonOf(error));
      return;
    }
    if (this.#running.has(task.id)) {
      // Delivered again while this worker still runs it (a late heartbeat):
      // the running copy will ack; this one must not run twice here.
      this.#options.log(`task ${task.id}: delivered again while running here`);
      message.working();
      return;
    }
    const running: Running = {
      task,
      message,
      controller: new AbortController(),
      since: Date.now(),
      lastProgress: Date.now(),
      stop: undefined,
    };
    this.#running.set(task.id, running);
    void this.#publishPresence();
    const heartbeat = setInterval(() => {
      message.working();
      if (Date.now() - running.lastProgress > this.#options.idleTimeoutMs) {
        this.#stopRun(running, 'idle');
      }
    }, this.#options.heartbeatMs);
    const timeout =
      task.timeoutMs === undefined
        ? undefined
        : setTimeout(() => this.#stopRun(running, 'timeout'), task.timeoutMs);
    try {
      await this.#execute(running, deliveries);
    } catch (error) {
      this.#options.log(`task ${task.id}: ${reasonOf(error)}`);
      if (running.stop === 'handed_back') {
        message.nak(1_000);
      } else if (FleetError.isInstance(error) && error.kind === 'unknown_agent') {
        await this.#deadLetter(task, message, deliveries, reasonOf(error));
      } else if (deliveries >= this.#options.maxDeliveries) {
        await this.#deadLetter(task, message, deliveries, reasonOf(error));
      } else {
        message.nak(retryDelay(deliveries, this.#options.retryDelayMs));
      }
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
      this.#running.delete(task.id);
      void this.#publishPresence();
      this.#slotFreed?.();
      this.#slotFreed = undefined;
    }
  }

  async #execute(running: Running, deliveries: number): Promise<void> {
    const { task, message } = running;
    const { results, cancels } = this.#store;
    if ((await readOutcome(results, task.id)) !== undefined) {
      // Recorded by an earlier delivery whose ack was lost.
      message.ack();
      return;
    }
    if (deliveries > this.#options.maxDeliveries) {
      // The server delivered it once more than any worker would try it:
      // the workers it went to died with it.
      throw new FleetError(
        'timeout',
        `delivered ${deliveries} times without finishing (the workers stopped heartbeating)`,
      );
    }
    if ((await cancels.get(task.id))?.operation === 'PUT') running.stop = 'cancelled';
    if (running.stop === 'cancelled') {
      await this.#finish(running, deliveries, {
        status: 'aborted',
        reason: 'cancelled before it started',
      });
      return;
    }
    this.#pool.check(task.agent);
    this.#options.log(`task ${task.id}: delivery ${deliveries}, agent ${task.agent}`);
    const workspace = await prepareWorkspace(task.workspace, {
      cacheDir: this.#options.cacheDir,
      taskId: task.id,
      gitTimeoutMs: this.#options.gitTimeoutMs,
    });
    let fields: Pick<TaskOutcome, 'status' | 'result' | 'reason'>;
    try {
      const leased = await this.#pool.lease(task.agent, workspace.dir, !workspace.fresh);
      let result: AgentResult;
      try {
        this.#bridge.bindRun(task.id, {
          taskId: task.id,
          ...(task.traceparent === undefined ? {} : { traceparent: task.traceparent }),
        });
        result = await leased.agent.run(task.input, undefined, {
          runId: task.id,
          signal: running.controller.signal,
        });
      } finally {
        await leased.release();
      }
      // Set meanwhile by a cancel, a timeout or a drain.
      const stop = running.stop as StopReason | undefined;
      if (stop === 'handed_back') throw new Error('handed back while draining');
      await Promise.race([this.#bridge.flush(), sleep(10_000)]);
      const failed = result.metadata.error !== undefined;
      fields = {
        status:
          stop === 'cancelled' ? 'aborted' : failed || stop !== undefined ? 'failed' : 'succeeded',
        result,
        ...(stop === 'timeout'
          ? { reason: `timed out after ${task.timeoutMs} ms` }
          : stop === 'idle'
            ? { reason: `no progress for ${this.#options.idleTimeoutMs} ms` }
            : stop === 'cancelled'
              ? { reason: 'cancelled' }
              : failed
                ? { reason: result.content }
                : {}),
      };
    } finally {
      // Before the outcome: whoever sees it may count on the worktree being gone.
      await workspace.release();
    }
    await this.#finish(running, deliveries, fields);
  }

  async #finish(
    running: Running,
    deliveries: number,
    fields: Pick<TaskOutcome, 'status' | 'result' | 'reason'>,
  ): Promise<void> {
    const outcome: TaskOutcome = {
      taskId: running.task.id,
      ...fields,
      worker: this.id,
      deliveries,
      finishedAt: Date.now(),
    };
    const recorded = await recordOutcome(this.#store.results, outcome);
    this.#options.log(
      `task ${running.task.id}: ${fields.status}${recorded ? '' : ' (an outcome was already recorded)'}`,
    );
    await running.message.ackAck();
  }

  async #deadLetter(
    task: FleetTask | undefined,
    message: JsMsg,
    deliveries: number,
    reason: string,
  ): Promise<void> {
    const taskId = task?.id ?? `unreadable-${message.seq}`;
    try {
      await deadLetterTask(this.#store, { taskId, task, reason, deliveries, worker: this.id });
      this.#options.log(`task ${taskId}: dead-lettered after ${deliveries} deliveries: ${reason}`);
      message.term(reason.slice(0, 200));
    } catch (error) {
      this.#options.log(`task ${taskId}: could not dead-letter (${String(error)}); retrying later`);
      message.nak(retryDelay(deliveries, this.#options.retryDelayMs));
    }
  }

  #cancel(taskId: string): void {
    const running = this.#running.get(taskId);
    if (running !== undefined) this.#stopRun(running, 'cancelled');
  }

  #stopRun(running: Running, reason: StopReason): void {
    if (running.stop !== undefined) return;
    running.stop = reason;
    running.controller.abort(new Error(reason));
  }

  #progress(event: AnyJarvisEvent): void {
    const running = this.#running.get(runKeyOf(event, ''));
    if (running !== undefined) running.lastProgress = Date.now();
  }

  async #publishPresence(): Promise<void> {
    if (this.#stopped !== undefined && this.#running.size === 0 && this.#stopping) return;
    const presence: WorkerPresence = {
      id: this.id,
      host: hostname(),
      pid: process.pid,
      concurrency: this.#options.concurrency,
      running: [...this.#running.values()].map((running) => ({
        taskId: running.task.id,
        agent: running.task.agent,
        since: running.since,
      })),
      startedAt: this.#startedAt,
      updatedAt: Date.now(),
    };
    await this.#store.workers.put(this.id, JSON.stringify(presence)).catch(() => {
      // Away from the server: the next beat tries again.
    });
  }

  async #drain(): Promise<void> {
    this.#stopping = true;
    const exhaustedStopped = this.#exhausted?.stop();
    this.#slotFreed?.();
    this.#options.log(`draining (${this.#running.size} running)`);
    const deadline = Date.now() + this.#options.drainTimeoutMs;
    while (this.#running.size > 0 && Date.now() < deadline) await sleep(100);
    for (const running of this.#running.values()) this.#stopRun(running, 'handed_back');
    while (this.#running.size > 0) await sleep(50);
    await this.#pulling;
    clearInterval(this.#presenceTimer);
    this.#cancelSubscription?.unsubscribe();
    await exhaustedStopped;
    await this.#store.workers.delete(this.id).catch(() => {});
    await this.#bridge.close();
    await this.#pool.close();
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
