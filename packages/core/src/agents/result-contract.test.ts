import { describe, expectTypeOf, it } from 'vitest';
import type { GenerateResult, StreamChunk } from '../engines/inference-engine.js';
import type { Usage } from '../engines/usage.js';
import type {
  AgentTurnEndData,
  InferenceEndData,
  TelemetryRecord,
  ToolCallEndData,
  ToolErrorKind,
  WorkflowEndData,
  WorkflowNodeEndData,
} from '../events/event-payloads.js';
import type { AgentResult, RunMetadata } from './agent-result.js';
import type { AgentErrorKind, Failure } from './failure.js';
import type { SimpleAgent, SimpleRunMetadata } from './simple-agent.js';

describe('the result contract (types)', () => {
  it('types the metadata of every result, and its failure', () => {
    expectTypeOf<AgentResult['metadata']>().toEqualTypeOf<RunMetadata>();
    expectTypeOf<RunMetadata['error']>().toEqualTypeOf<Failure | undefined>();
    expectTypeOf<RunMetadata['usage']>().toEqualTypeOf<Usage | undefined>();
    expectTypeOf<Failure>().toEqualTypeOf<{ kind: AgentErrorKind; message: string }>();
    expectTypeOf<ReturnType<SimpleAgent['run']>>().resolves.toEqualTypeOf<
      AgentResult<SimpleRunMetadata>
    >();
  });

  it('counts tokens in one shape, from an engine call up to a run', () => {
    expectTypeOf<Usage>().toEqualTypeOf<{
      inputTokens: number;
      outputTokens: number;
      reasoningTokens?: number;
      cacheReadTokens?: number;
      cacheWriteTokens?: number;
    }>();
    expectTypeOf<GenerateResult['usage']>().toEqualTypeOf<Usage>();
    expectTypeOf<Extract<StreamChunk, { type: 'usage' }>['usage']>().toEqualTypeOf<Usage>();
    expectTypeOf<InferenceEndData['usage']>().toEqualTypeOf<Usage | undefined>();
    expectTypeOf<TelemetryRecord['usage']>().toEqualTypeOf<Usage>();
    expectTypeOf<AgentTurnEndData['usage']>().toEqualTypeOf<Usage | undefined>();
  });

  it('has one kind vocabulary, pipelines included', () => {
    expectTypeOf<'engine_unreachable'>().toExtend<AgentErrorKind>();
    expectTypeOf<'agent_threw'>().toExtend<AgentErrorKind>();
    expectTypeOf<'step_failed'>().toExtend<AgentErrorKind>();
    expectTypeOf<'no_such_kind'>().not.toExtend<AgentErrorKind>();
  });

  it('says "failed" in one shape in every payload', () => {
    expectTypeOf<AgentTurnEndData['error']>().toEqualTypeOf<Failure | undefined>();
    expectTypeOf<WorkflowNodeEndData['error']>().toEqualTypeOf<Failure | undefined>();
    expectTypeOf<WorkflowEndData['error']>().toEqualTypeOf<Failure | undefined>();
    expectTypeOf<InferenceEndData['error']>().toEqualTypeOf<Failure | undefined>();
    expectTypeOf<ToolCallEndData['error']>().toEqualTypeOf<Failure<ToolErrorKind> | undefined>();
  });
});
