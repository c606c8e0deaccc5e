import type { AgentContext } from '../agents/agent-result.js';
import type { BaseAgent } from '../agents/base-agent.js';
import type { PipelineStep, StepInputContext } from './pipeline-node.js';

export interface StepOptions {
  /**
   * Builds the run's input from the pipeline's input and earlier results.
   * @default the pipeline's input
   */
  input?: (context: StepInputContext) => string;
  /**
   * The run's context, or a function that builds it.
   * @default none
   */
  context?: AgentContext | ((context: StepInputContext) => AgentContext);
}

/**
 * A pipeline step: `agent` runs under `name`. The third argument is the input
 * builder, or options with the input and context builders.
 *
 * ```ts
 * step('build', builder, ({ input, results }) => `${input}\n\nPlan:\n${results.get('plan')?.content}`)
 * ```
 */
export function step(
  name: string,
  agent: BaseAgent,
  inputOrOptions?: StepOptions['input'] | StepOptions,
): PipelineStep {
  const options: StepOptions =
    typeof inputOrOptions === 'function' ? { input: inputOrOptions } : (inputOrOptions ?? {});
  const context = options.context;
  return {
    kind: 'step',
    name,
    agent,
    input: options.input,
    context: typeof context === 'object' ? () => context : context,
  };
}
