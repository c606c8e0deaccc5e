import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ModelRequest, reply } from '@openjarvis/testing';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Rig, startRig } from './test-support/harness.js';

// Sessions against the real opencode binary: the scripted model answers
// every turn with the words it was given, and the test reads what opencode
// sent it to see which earlier turns the model received.
const script = (request: ModelRequest) => {
  if (request.isTitleRequest) return reply.text('title');
  const delayMs = request.userText.includes('SLOW') ? 2_000 : 0;
  return reply.text(`ok: ${request.userText.slice(-40)}`, { delayMs });
};

/** All the text of one model request, every message and role. */
function seen(request: ModelRequest | undefined): string {
  return JSON.stringify(request?.body.messages ?? []);
}

function requestFor(rig: Rig, marker: string): ModelRequest | undefined {
  return rig.model.requests.find((r) => r.userText.includes(marker));
}

describe('opencode sessions: continue, fork, context', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(script, {
      models: ['other-model'],
      agents: { reviewer: { description: 'Reviews', prompt: 'You are REVIEWER-PROMPT-MARKER.' } },
    });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('continues a session by id: the model receives the first turn', async () => {
    const first = await rig.agent.run('first turn APPLE');
    const sessionId = first.metadata.sessionId;
    expect(sessionId).toMatch(/^ses/);
    const second = await rig.agent.run('second turn BANANA', undefined, {
      sessionId: String(sessionId),
    });
    expect(second.metadata.error).toBeUndefined();
    expect(second.metadata.sessionId).toBe(sessionId);
    const request = seen(requestFor(rig, 'BANANA'));
    expect(request).toContain('first turn APPLE');
    expect(request).toContain('ok: first turn APPLE');
    expect(second.content).toBe('ok: second turn BANANA');
  });

  it('a session handle continues itself; a fork sees the history, the original not the fork', async () => {
    const session = rig.agent.session();
    await session.run('handle turn CHERRY');
    expect(session.id).toMatch(/^ses/);
    const fork = await session.fork();
    expect(fork.id).toMatch(/^ses/);
    expect(fork.id).not.toBe(session.id);
    const forked = await fork.run('fork turn DATE');
    expect(forked.metadata.sessionId).toBe(fork.id);
    const original = await session.run('original turn ELDER');
    expect(original.metadata.sessionId).toBe(session.id);
    expect(seen(requestFor(rig, 'DATE'))).toContain('handle turn CHERRY');
    expect(seen(requestFor(rig, 'ELDER'))).toContain('handle turn CHERRY');
    expect(seen(requestFor(rig, 'ELDER'))).not.toContain('DATE');
  });

  it('a handle streams its runs too: events of the run, then the next run continues it', async () => {
    const session = rig.agent.session();
    const events = await lastValueFrom(session.stream('streamed VANILLA').pipe(toArray()));
    expect(events.at(-1)?.type).toBe('agent_turn_end');
    expect(session.id).toMatch(/^ses/);
    await lastValueFrom(session.stream('streamed WALNUT').pipe(toArray()));
    expect(seen(requestFor(rig, 'WALNUT'))).toContain('streamed VANILLA');
  });

  it('runs of one handle take turns', async () => {
    const session = rig.agent.session();
    const [a, b] = await Promise.all([session.run('queued FIG'), session.run('queued GRAPE')]);
    expect(a.metadata.sessionId).toBe(b.metadata.sessionId);
    expect(seen(requestFor(rig, 'GRAPE'))).toContain('queued FIG');
  });

  it('a second run on a session with a run in flight is session_busy, for as long as that run lasts', async () => {
    const first = await rig.agent.run('start QUINCE');
    const sessionId = String(first.metadata.sessionId);
    const slow = rig.agent.run('SLOW turn RAISIN', undefined, { sessionId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const busy = await rig.agent.run('busy STRAWBERRY', undefined, { sessionId });
    const stillBusy = await rig.agent.run('busy TANGERINE', undefined, { sessionId });
    expect(busy.metadata).toMatchObject({ error: { kind: 'session_busy' }, sessionId });
    expect(stillBusy.metadata.error?.kind).toBe('session_busy');
    expect((await slow).metadata.error).toBeUndefined();
    const after = await rig.agent.run('after UGLI', undefined, { sessionId });
    expect(after.metadata.error).toBeUndefined();
  });

  it('an unknown session id is session_not_found, not a new session', async () => {
    for (const id of ['ses_doesnotexist123', 'not-a-session']) {
      const result = await rig.agent.run('never sent HONEYDEW', undefined, { sessionId: id });
      expect(result.metadata).toMatchObject({
        error: { kind: 'session_not_found' },
        sessionId: id,
      });
    }
    expect(requestFor(rig, 'HONEYDEW')).toBeUndefined();
  });

  it('gives an AgentContext’s earlier messages to a new session as the conversation so far', async () => {
    await rig.agent.run('now the question KIWI', {
      messages: [
        { role: 'user', content: 'earlier question LEMON' },
        { role: 'assistant', content: 'earlier answer MANGO' },
      ],
    });
    const request = seen(requestFor(rig, 'KIWI'));
    expect(request).toContain('earlier question LEMON');
    expect(request).toContain('earlier answer MANGO');
  });

  it('per run: another model of the engine, a custom agent, a system prompt', async () => {
    const result = await rig.agent.run('options NECTARINE', undefined, {
      model: 'other-model',
      agent: 'reviewer',
      systemPrompt: 'RUN-SYSTEM-MARKER',
    });
    expect(result.metadata).toMatchObject({ opencodeAgent: 'reviewer', modelId: 'other-model' });
    const request = requestFor(rig, 'NECTARINE');
    expect(request?.body.model).toBe('other-model');
    expect(seen(request)).toContain('REVIEWER-PROMPT-MARKER');
    expect(seen(request)).toContain('RUN-SYSTEM-MARKER');
    const refused = await rig.agent.run('x', undefined, { model: 'unknown-model' });
    expect(refused.metadata.error?.kind).toBe('model_not_found');
  });
});

describe('a session in a persistent dataDir', () => {
  it('survives the agent and its server, and is continued by id', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oj-data-'));
    try {
      const before = await startRig(script, { dataDir });
      const first = await before.agent.run('before restart OLIVE');
      await before.close();
      const after = await startRig(script, { dataDir, workspace: before.workspace });
      try {
        const next = await after.agent.run('after restart PEACH', undefined, {
          sessionId: String(first.metadata.sessionId),
        });
        expect(next.metadata.error).toBeUndefined();
        expect(seen(requestFor(after, 'PEACH'))).toContain('before restart OLIVE');
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
