import type { AgentResult } from '../agents/agent-result.js';
import type { BaseAgent } from '../agents/base-agent.js';
import { createRunId } from '../agents/run-id.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { AbortedError } from '../errors/run-errors.js';
import type { EventBus, PublishArgs } from '../events/event-bus.js';
import { EventType } from '../events/event-type.js';
import type { AnyJarvisEvent, EventName } from '../events/jarvis-event.js';
import { runIdOf } from '../events/run-id-of.js';
import { type PipelineNode, type PipelineStep, stepsOf } from './pipeline-node.js';
import type { PipelineResult, StepOutcome } from './pipeline-result.js';

export type StepErrorPolicy = 'stop' | 'continue';

/** What a run needs from its pipeline. */
export interface PipelineDefinition {
  readonly name: string;
  readonly root: PipelineNode;
  readonly bus: EventBus | undefined;
  readonly onStepError: StepErrorPolicy;
}

/** How a step that started ended. */
type StepEnd = Pick<StepOutcome, 'result' | 'error'> & {
  status: Exclude<StepOutcome['status'], 'skipped'>;
  input: string;
};

/** One execution of a pipeline; internal to `Pipeline`. */
export class PipelineRun {
  readonly #definition: PipelineDefinition;
  readonly #input: string;
  readonly #workflowId: string;
  readonly #outer: AbortSignal | undefined;
  readonly #sink: ((event: AnyJarvisEvent) => void) | undefined;
  /** Aborted by the caller's signal, or by the `stop` policy; every agent run gets its signal. */
  readonly #controller = new AbortController();
  readonly #outcomes = new Map<string, StepOutcome>();
  #abortedByCaller = false;
  #failedStep: string | undefined;

  constructor(
    definition: PipelineDefinition,
    input: string,
    options: { signal?: AbortSignal | undefined; workflowId?: string | undefined },
    sink?: (event: AnyJarvisEvent) => void,
  ) {
    this.#definition = definition;
    this.#input = input;
    this.#workflowId = options.workflowId ?? `wf_${createRunId().slice('run_'.length)}`;
    this.#outer = options.signal;
    this.#sink = sink;
    for (const step of stepsOf(definition.root)) {
      this.#outcomes.set(step.name, {
        step: step.name,
        agent: step.agent.agentId,
        status: 'skipped',
      });
    }
  }

  async execute(): Promise<PipelineResult> {
    const { name } = this.#definition;
    const began = performance.now();
    const onAbort = () => this.#abortByCaller();
    if (this.#outer?.aborted) this.#abortByCaller();
    else this.#outer?.addEventListener('abort', onAbort, { once: true });

    this.#emit(EventType.WORKFLOW_START, {
      workflowId: this.#workflowId,
      workflow: name,
      input: this.#input,
    });
    let results: Map<string, AgentResult>;
    try {
      results = await this.#run(this.#definition.root, new Map());
    } finally {
      this.#outer?.removeEventListener('abort', onAbort);
    }

    const steps = [...this.#outcomes.values()];
    const success = steps.every((outcome) => outcome.status === 'succeeded');
    const aborted = this.#abortedByCaller && !success;
    const output =
      [...steps].reverse().find((o) => o.status === 'succeeded')?.result?.content ?? '';
    const result: PipelineResult = {
      workflowId: this.#workflowId,
      workflow: name,
      success,
      output,
      steps,
      results,
      aborted,
      durationMs: performance.now() - began,
    };
    if (this.#failedStep !== undefined) result.failedStep = this.#failedStep;
    if (!success) {
      result.error = {
        kind: aborted ? 'aborted' : 'step_failed',
        message: this.#describeFailure(aborted),
      };
    }

    this.#emit(EventType.WORKFLOW_END, {
      workflowId: this.#workflowId,
      workflow: name,
      success,
      durationMs: result.durationMs,
      output,
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.failedStep === undefined ? {} : { failedStep: result.failedStep }),
    });
    return result;
  }

  /** Runs `node` seeing `earlier`; returns the results of its steps that succeeded. */
  async #run(
    node: PipelineNode,
    earlier: ReadonlyMap<string, AgentResult>,
  ): Promise<Map<string, AgentResult>> {
    if (node.kind === 'step') {
      const result = await this.#step(node, earlier);
      return result === undefined ? new Map() : new Map([[node.name, result]]);
    }
    const produced = new Map<string, AgentResult>();
    if (node.kind === 'sequence') {
      const visible = new Map(earlier);
      for (const child of node.nodes) {
        for (const [name, result] of await this.#run(child, visible)) {
          visible.set(name, result);
          produced.set(name, result);
        }
      }
      return produced;
    }
    const branches = await Promise.all(node.nodes.map((child) => this.#run(child, earlier)));
    for (const branch of branches) for (const [name, result] of branch) produced.set(name, result);
    return produced;
  }

  /** Runs one step; returns its result when it succeeded. */
  async #step(
    step: PipelineStep,
    earlier: ReadonlyMap<string, AgentResult>,
  ): Promise<AgentResult | undefined> {
    const signal = this.#controller.signal;
    if (signal.aborted) return undefined;
    const runId = createRunId();
    const node = {
      workflowId: this.#workflowId,
      workflow: this.#definition.name,
      step: step.name,
      agent: step.agent.agentId,
      runId,
    };
    const began = performance.now();
    const finish = (outcome: StepEnd) => {
      const durationMs = performance.now() - began;
      this.#outcomes.set(step.name, {
        step: step.name,
        agent: step.agent.agentId,
        runId,
        ...outcome,
        durationMs,
      });
      this.#emit(EventType.WORKFLOW_NODE_END, {
        ...node,
        input: outcome.input,
        success: outcome.status === 'succeeded',
        durationMs,
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
        ...(outcome.result === undefined ? {} : { result: outcome.result }),
      });
      if (outcome.status === 'failed') this.#onFailure(step.name);
      return outcome.status === 'succeeded' ? outcome.result : undefined;
    };

    const builderContext = { input: this.#input, results: earlier };
    let input: string;
    let context: ReturnType<NonNullable<PipelineStep['context']>> | undefined;
    try {
      input = step.input === undefined ? this.#input : step.input(builderContext);
      context = step.context?.(builderContext);
    } catch (error) {
      this.#emit(EventType.WORKFLOW_NODE_START, { ...node, input: '' });
      return finish({
        status: 'failed',
        input: '',
        error: { kind: 'input_error', message: describe(error) },
      });
    }

    this.#emit(EventType.WORKFLOW_NODE_START, { ...node, input });
    const sink = this.#sink;
    const forwarding =
      sink === undefined
        ? undefined
        : step.agent.events$.subscribe((event) => {
            if (runIdOf(event) === runId) sink(event);
          });
    let result: AgentResult;
    try {
      result = await step.agent.run(input, context, {
        signal,
        runId,
        workflow: { id: this.#workflowId, name: this.#definition.name, step: step.name },
      });
    } catch (error) {
      return signal.aborted
        ? finish({
            status: 'aborted',
            input,
            error: { kind: 'aborted', message: describe(error, step.agent) },
          })
        : finish({
            status: 'failed',
            input,
            error: { kind: 'agent_threw', message: describe(error, step.agent) },
          });
    } finally {
      forwarding?.unsubscribe();
    }

    const failure = result.metadata.error;
    if (failure === undefined) return finish({ status: 'succeeded', input, result });
    return finish({ status: signal.aborted ? 'aborted' : 'failed', input, result, error: failure });
  }

  #onFailure(step: string): void {
    this.#failedStep ??= step;
    if (this.#definition.onStepError === 'stop' && !this.#controller.signal.aborted) {
      this.#controller.abort(
        new AbortedError({
          operation: `pipeline "${this.#definition.name}"`,
          reason: `step "${step}" failed`,
        }),
      );
    }
  }

  #abortByCaller(): void {
    if (this.#controller.signal.aborted) return;
    this.#abortedByCaller = true;
    this.#controller.abort(this.#outer?.reason);
  }

  #describeFailure(aborted: boolean): string {
    if (aborted) return `pipeline "${this.#definition.name}" was aborted`;
    const failed =
      this.#failedStep === undefined ? undefined : this.#outcomes.get(this.#failedStep);
    return failed === undefined
      ? `pipeline "${this.#definition.name}" did not complete`
      : `step "${failed.step}" failed: ${failed.error?.message ?? 'unknown error'}`;
  }

  #emit<T extends EventName>(type: T, ...args: PublishArgs<T>): void {
    const bus = this.#definition.bus;
    const event =
      bus === undefined
        ? ({ type, timestamp: Date.now(), data: args[0] } as AnyJarvisEvent)
        : (bus.publish(type, ...args) as AnyJarvisEvent);
    this.#sink?.(event);
  }
}

// What a thrown error says may quote the agent's own secrets, or others.
function describe(error: unknown, agent?: BaseAgent): string {
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  return agent === undefined ? message : agent.secrets.redactText(message);
}
