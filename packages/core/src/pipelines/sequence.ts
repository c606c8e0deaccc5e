import type { PipelineNode, SequenceNode } from './pipeline-node.js';

/** Runs `nodes` one after another, e.g. as one branch of a `parallel` group. */
export function sequence(...nodes: PipelineNode[]): SequenceNode {
  return { kind: 'sequence', nodes };
}
