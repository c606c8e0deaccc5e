import type { Observable } from 'rxjs';
import { abortableObservable } from '../agents/abortable-observable.js';
import { PipelineDefinitionError } from '../errors/pipeline-errors.js';
import type { EventBus } from '../events/event-bus.js';
import type { AnyJarvisEvent } from '../events/jarvis-event.js';
import {
  type PipelineNode,
  type PipelineStep,
  type SequenceNode,
  stepsOf,
} from './pipeline-node.js';
import type { PipelineResult } from './pipeline-result.js';
import { type PipelineDefinition, PipelineRun, type StepErrorPolicy } from './pipeline-run.js';

export interface PipelineOptions {
  /** Names the pipeline in its events and in the `workflow` tag of every agent run in it. */
  name: string;
  /** What to run, in order; use `parallel` and `sequence` for groups. */
  steps: readonly PipelineNode[];
  /**
   * Receives the `workflow_*` events. Agents publish their own events on their
   * own bus; give them the same one to see everything in one place.
   * @default none
   */
  bus?: EventBus;
  /**
   * What a failed step does: `stop` skips every step not yet started and
   * aborts the ones running beside it; `continue` runs the rest (later steps
   * then find no result for the failed one).
   * @default 'stop'
   */
  onStepError?: StepErrorPolicy;
}

export interface PipelineRunOptions {
  /** Aborts the pipeline: every running agent's signal aborts, and no step starts afterwards. */
  signal?: AbortSignal;
  /**
   * The run's id in its events and in the agents' `workflow` tag.
   * @default a generated `wf_…` id
   */
  workflowId?: string;
}

/**
 * Agents composed into steps that run in sequence or in parallel, each step's
 * input built from the pipeline's input and the results before it.
 *
 * ```ts
 * const pipeline = new Pipeline({
 *   name: 'plan-build-review',
 *   steps: [
 *     step('plan', planner),
 *     step('build', builder, ({ input, results }) => `${input}\n\nPlan:\n${results.get('plan')?.content}`),
 *     step('review', reviewer, ({ results }) => results.get('build')?.content ?? ''),
 *   ],
 * });
 * const { success, output } = await pipeline.run('Add a --verbose flag');
 * ```
 *
 * `run` never rejects: failures and aborts are reported in the result.
 */
export class Pipeline {
  readonly name: string;
  readonly bus: EventBus | undefined;
  readonly onStepError: StepErrorPolicy;
  readonly #definition: PipelineDefinition;

  constructor(options: PipelineOptions) {
    this.name = options.name;
    this.bus = options.bus;
    this.onStepError = options.onStepError ?? 'stop';
    const root: SequenceNode = { kind: 'sequence', nodes: [...options.steps] };
    validate(options.name, root);
    this.#definition = { name: this.name, root, bus: this.bus, onStepError: this.onStepError };
  }

  /** Every step, in definition order. */
  get steps(): PipelineStep[] {
    return stepsOf(this.#definition.root);
  }

  /** Runs the pipeline once and resolves with every step's outcome. */
  run(input: string, options: PipelineRunOptions = {}): Promise<PipelineResult> {
    return new PipelineRun(this.#definition, input, options).execute();
  }

  /**
   * One run as a cold Observable: subscribing starts it; the `workflow_*`
   * events and every event of the agent runs inside follow, in order, ending
   * with `workflow_end`, then it completes. Unsubscribing early aborts the run.
   */
  stream(input: string, options: PipelineRunOptions = {}): Observable<AnyJarvisEvent> {
    return abortableObservable<AnyJarvisEvent>(
      options.signal,
      `pipeline "${this.name}" stream`,
      (subscriber, signal) => ({
        settled: new PipelineRun(
          this.#definition,
          input,
          { workflowId: options.workflowId, signal },
          (event) => subscriber.next(event),
        ).execute(),
      }),
    );
  }
}

function validate(pipeline: string, root: SequenceNode): void {
  const fail = (message: string) => {
    throw new PipelineDefinitionError({ pipeline, message });
  };
  if (pipeline.trim() === '') fail('the name is empty');
  if (root.nodes.length === 0) fail('it has no steps');
  const check = (node: PipelineNode): void => {
    if (node.kind === 'step') return;
    if (node.nodes.length === 0) fail(`a ${node.kind} group has no steps`);
    node.nodes.forEach(check);
  };
  root.nodes.forEach(check);
  const seen = new Set<string>();
  for (const { name } of stepsOf(root)) {
    if (name.trim() === '') fail('a step has an empty name');
    if (seen.has(name)) fail(`two steps are named "${name}"; step names must be unique`);
    seen.add(name);
  }
}
