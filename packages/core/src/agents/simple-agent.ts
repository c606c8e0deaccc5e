import type { InferenceEngine, Usage } from '../engines/inference-engine.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import type { TurnUsage } from '../events/event-payloads.js';
import type { AgentContext, AgentResult, RunOptions } from './agent-result.js';
import { BaseAgent, type BaseAgentOptions, type RunScope } from './base-agent.js';
import { type AgentErrorKind, errorKindOf } from './error-kind.js';
import { raceAbort } from './race-abort.js';

export interface SimpleAgentOptions extends BaseAgentOptions {
  /**
   * The system message of every call.
   * @default none
   */
  systemPrompt?: string;
}

/**
 * Answers with one call to its engine: no tools, no loop. Emits the same turn
 * and inference events as every other agent, and never rejects: failures
 * resolve to a result with `metadata: { error: true, errorKind }`.
 */
export class SimpleAgent extends BaseAgent {
  readonly agentId = 'simple';
  readonly systemPrompt: string | undefined;

  constructor(
    engine: InferenceEngine | undefined,
    model: string,
    options: SimpleAgentOptions = {},
  ) {
    super(engine, model, options);
    this.systemPrompt = options.systemPrompt;
  }

  async run(input: string, context?: AgentContext, options?: RunOptions): Promise<AgentResult> {
    const scope = this.beginRun(options);
    const provider = this.engine?.engineId;
    this.emitTurnStart(input, scope, {
      model: this.model,
      ...(provider === undefined ? {} : { provider }),
    });
    if (this.engine === undefined) {
      return this.#fail(scope, 'no_engine', 'simple agent has no engine to answer with');
    }
    if (scope.signal?.aborted) {
      return this.#fail(
        scope,
        errorKindOf(undefined, scope.signal),
        'the run was aborted before it started',
      );
    }
    try {
      const reply = await raceAbort(
        this.generate(this.buildMessages(input, context, this.systemPrompt), scope),
        scope.signal,
        `simple agent run ${scope.runId}`,
      );
      const result: AgentResult = {
        content: reply.content,
        toolResults: [],
        turns: 1,
        metadata: { model: reply.model, finishReason: reply.finishReason, usage: reply.usage },
      };
      return this.emitTurnEnd(scope, {
        turns: 1,
        model: reply.model,
        ...(provider === undefined ? {} : { provider }),
        usage: turnUsage(reply.usage),
        result,
      });
    } catch (error) {
      return this.#fail(scope, errorKindOf(error, scope.signal), describe(error));
    }
  }

  #fail(scope: RunScope, errorKind: AgentErrorKind, reason: string): AgentResult {
    const result: AgentResult = {
      content: `The simple agent could not answer (${errorKind}): ${reason}`,
      toolResults: [],
      turns: 1,
      metadata: { error: true, errorKind },
    };
    const provider = this.engine?.engineId;
    return this.emitTurnEnd(scope, {
      turns: 1,
      error: true,
      errorKind,
      model: this.model,
      ...(provider === undefined ? {} : { provider }),
      result,
    });
  }
}

function turnUsage(usage: Usage): TurnUsage {
  const turn: TurnUsage = { inputTokens: usage.promptTokens, outputTokens: usage.completionTokens };
  if (usage.cachedPromptTokens !== undefined) turn.cacheReadTokens = usage.cachedPromptTokens;
  return turn;
}

// Results are shown and logged, so what an arbitrary error says is redacted like error messages are.
function describe(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
