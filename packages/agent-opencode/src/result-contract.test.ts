import type { AgentErrorKind, AgentResult, Failure, Usage, WorkspaceDiff } from '@openjarvis/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { OpenCodeAgent } from './open-code-agent.js';
import type { OpenCodeRunMetadata } from './run-metadata.js';

describe("OpenCodeAgent's result contract (types)", () => {
  it('resolves to a result with typed opencode metadata', () => {
    expectTypeOf<ReturnType<OpenCodeAgent['run']>>().resolves.toEqualTypeOf<
      AgentResult<OpenCodeRunMetadata>
    >();
    expectTypeOf<OpenCodeRunMetadata['sessionId']>().toEqualTypeOf<string>();
    expectTypeOf<OpenCodeRunMetadata['opencodeAgent']>().toEqualTypeOf<string>();
    expectTypeOf<OpenCodeRunMetadata['error']>().toEqualTypeOf<Failure | undefined>();
    expectTypeOf<OpenCodeRunMetadata['diff']>().toEqualTypeOf<WorkspaceDiff | undefined>();
    expectTypeOf<OpenCodeRunMetadata['usage']>().toEqualTypeOf<Usage | undefined>();
  });

  it("adds its failure kinds to core's one union", () => {
    expectTypeOf<'server_crashed'>().toExtend<AgentErrorKind>();
    expectTypeOf<'opencode_not_found'>().toExtend<AgentErrorKind>();
    expectTypeOf<'engine_unreachable'>().toExtend<AgentErrorKind>();
  });
});
