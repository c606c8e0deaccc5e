import type { AgentContext, AgentResult, RunOptions } from '../agents/agent-result.js';
import { BaseAgent } from '../agents/base-agent.js';

export interface ScriptedAgentRun {
  input: string;
  context: AgentContext | undefined;
  options: RunOptions | undefined;
}

/**
 * An agent whose run a test scripts, for what a real agent does not do on
 * purpose (throw from `run`, ignore its signal). Emits turn start and end.
 */
export class ScriptedAgent extends BaseAgent {
  readonly agentId: string;
  readonly runs: ScriptedAgentRun[] = [];
  readonly #behave: (input: string, run: ScriptedAgentRun) => Promise<AgentResult> | AgentResult;

  constructor(
    agentId: string,
    behave: (input: string, run: ScriptedAgentRun) => Promise<AgentResult> | AgentResult,
  ) {
    super(undefined, 'none');
    this.agentId = agentId;
    this.#behave = behave;
  }

  async run(input: string, context?: AgentContext, options?: RunOptions): Promise<AgentResult> {
    const seen = { input, context, options };
    this.runs.push(seen);
    const scope = this.beginRun(options);
    this.emitTurnStart(input, scope);
    const result = await this.#behave(input, seen);
    this.emitTurnEnd(scope, { turns: result.turns, result });
    return result;
  }
}

export function answer(content: string): AgentResult {
  return { content, toolResults: [], turns: 1, metadata: {} };
}
