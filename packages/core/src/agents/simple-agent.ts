import type { FinishReason, InferenceEngine } from '../engines/inference-engine.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import type { AgentContext, AgentResult, RunMetadata, RunOptions } from './agent-result.js';
import { BaseAgent, type BaseAgentOptions, type RunScope } from './base-agent.js';
import { errorKindOf } from './error-kind.js';
import type { AgentErrorKind } from './failure.js';
import { raceAbort } from './race-abort.js';

export interface SimpleAgentOptions extends BaseAgentOptions {
  /**
   * The system message of every call.
   * @default none
   */
  systemPrompt?: string;
}

/** What a `SimpleAgent` result says besides its content. */
export interface SimpleRunMetadata extends RunMetadata {
  /** The model that answered, as the engine named it. */
  model?: string;
  finishReason?: FinishReason;
}

/**
 * Answers with one call to its engine: no tools, no loop. Emits the same turn
 * and inference events as every other agent, and never rejects: failures
 * resolve to a result with `metadata.error = { kind, message }`.
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

  async run(
    input: string,
    context?: AgentContext,
    options?: RunOptions,
  ): Promise<AgentResult<SimpleRunMetadata>> {
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
      // A copy: the result outlives the engine's reply object.
      const usage = { ...reply.usage };
      const result: AgentResult<SimpleRunMetadata> = {
        content: reply.content,
        toolResults: [],
        turns: 1,
        metadata: {
          runId: scope.runId,
          model: reply.model,
          finishReason: reply.finishReason,
          usage,
        },
      };
      return this.emitTurnEnd(scope, {
        turns: 1,
        model: reply.model,
        ...(provider === undefined ? {} : { provider }),
        usage,
        result,
      });
    } catch (error) {
      return this.#fail(scope, errorKindOf(error, scope.signal), describe(error));
    }
  }

  #fail(scope: RunScope, kind: AgentErrorKind, reason: string): AgentResult<SimpleRunMetadata> {
    const error = { kind, message: reason };
    const result: AgentResult<SimpleRunMetadata> = {
      content: `The simple agent could not answer (${kind}): ${reason}`,
      toolResults: [],
      turns: 1,
      metadata: { runId: scope.runId, error },
    };
    const provider = this.engine?.engineId;
    return this.emitTurnEnd(scope, {
      turns: 1,
      error,
      model: this.model,
      ...(provider === undefined ? {} : { provider }),
      result,
    });
  }
}

// Results are shown and logged, so what an arbitrary error says is redacted like error messages are.
function describe(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
