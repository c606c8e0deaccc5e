import { type ModelRequest, reply } from '@openjarvis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, type Rig, startRig } from './test-support/harness.js';

// Bounds, not expectations: opencode can take tens of seconds to start on a busy 2-core machine.
const SLOW_START = 120_000;
const BOUND = { timeout: 300_000 };

// On a context overflow opencode 1.18.33 does not fail: its compaction agent
// summarises the session, then the model answers a synthetic prompt opencode
// writes itself. This scripted model overflows the real request and answers
// the two that follow with recognisable text.
const summaryText = 'SUMMARY WRITTEN BY THE COMPACTION AGENT';
const syntheticAnswer = 'ANSWER TO THE SYNTHETIC PROMPT';

function script(request: ModelRequest) {
  if (request.isTitleRequest) return reply.text('Scripted session');
  if (request.userText.includes('<conversation>')) return reply.text(summaryText);
  if (request.userText.includes('[[overflow]]')) {
    return reply.httpError(
      400,
      'request (13027 tokens) exceeds the available context size (8192 tokens), try increasing it',
      'exceed_context_size_error',
    );
  }
  return reply.text(syntheticAnswer);
}

describe(
  "OpenCodeAgent never presents opencode's compaction as the answer (real opencode)",
  BOUND,
  () => {
    let rig: Rig;
    beforeAll(async () => {
      rig = await startRig(script, { startupTimeoutMs: SLOW_START });
    });
    afterAll(async () => {
      await rig?.close();
    });

    it('a run whose prompt overflowed fails with context_length_exceeded, whatever opencode added', async () => {
      const result = await rig.agent.run('Refactor everything [[overflow]]');
      // The premise: opencode did compact and did answer its own prompt.
      const asked = rig.model.requests.map((request) => request.userText);
      expect(asked.some((text) => text.includes('<conversation>'))).toBe(true);
      expect(asked.some((text) => text.includes("exceeded the provider's size limit"))).toBe(true);

      expect(result.metadata).toMatchObject({ error: { kind: 'context_length_exceeded' } });
      expect(result.content).toContain("outgrew the model's context window");
      expect(result.content).not.toContain(syntheticAnswer);
      expect(result.content).not.toContain(summaryText);
      const end = eventsOf(rig.events, 'agent_turn_end').at(-1);
      expect(end?.data).toMatchObject({ error: { kind: 'context_length_exceeded' } });
      const errors = eventsOf(rig.events, 'agent_error').filter(
        (event) => event.data.runId === result.metadata.runId,
      );
      expect(errors.map((event) => event.data.kind)).toEqual(['context_length_exceeded']);
    });

    it('an ordinary run on the same agent still succeeds', async () => {
      const result = await rig.agent.run('Say hello');
      expect(result.metadata.error).toBeUndefined();
      expect(result.content).toBe(syntheticAnswer);
    });
  },
);
