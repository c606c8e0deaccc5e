import type { ParallelNode, PipelineNode } from './pipeline-node.js';

/** Runs `nodes` at the same time; what follows waits for all of them. */
export function parallel(...nodes: PipelineNode[]): ParallelNode {
  return { kind: 'parallel', nodes };
}
