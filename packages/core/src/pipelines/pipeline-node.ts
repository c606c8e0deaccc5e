import type { AgentContext, AgentResult } from '../agents/agent-result.js';
import type { BaseAgent } from '../agents/base-agent.js';

/** What a step's input (and context) is built from. */
export interface StepInputContext {
  /** The pipeline's input. */
  readonly input: string;
  /**
   * The results of the earlier steps that succeeded, by step name. "Earlier"
   * follows the pipeline's shape: the steps before this one in its sequence,
   * and everything before the enclosing groups; never a step running in
   * parallel with it.
   */
  readonly results: ReadonlyMap<string, AgentResult>;
}

/** One agent run. */
export interface PipelineStep {
  readonly kind: 'step';
  readonly name: string;
  readonly agent: BaseAgent;
  /** Builds the run's input; without it the step gets the pipeline's input. */
  readonly input: ((context: StepInputContext) => string) | undefined;
  /** Builds the run's context (earlier messages, tools, metadata). */
  readonly context: ((context: StepInputContext) => AgentContext) | undefined;
}

/** Nodes run one after another; each sees the results of those before it. */
export interface SequenceNode {
  readonly kind: 'sequence';
  readonly nodes: readonly PipelineNode[];
}

/** Nodes run at the same time; the group ends when all of them have. */
export interface ParallelNode {
  readonly kind: 'parallel';
  readonly nodes: readonly PipelineNode[];
}

export type PipelineNode = PipelineStep | SequenceNode | ParallelNode;

/** The steps of `node`, in definition order. */
export function stepsOf(node: PipelineNode): PipelineStep[] {
  return node.kind === 'step' ? [node] : node.nodes.flatMap(stepsOf);
}
