import { describe, expectTypeOf, it } from 'vitest';
import type {
  AgentTurnEndData,
  InferenceEndData,
  ToolCallEndData,
  ToolErrorKind,
  TurnUsage,
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
    expectTypeOf<RunMetadata['usage']>().toEqualTypeOf<TurnUsage | undefined>();
    expectTypeOf<Failure>().toEqualTypeOf<{ kind: AgentErrorKind; message: string }>();
    expectTypeOf<ReturnType<SimpleAgent['run']>>().resolves.toEqualTypeOf<
      AgentResult<SimpleRunMetadata>
    >();
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
