import { describe, expect, it } from 'vitest';
import { wasCompacted } from './compaction.js';
import type { MessageWithParts } from './messages.js';

// Shapes of the assistant messages opencode 1.18.33 stored after an engine
// answered a context overflow (recorded through GET /session/{id}/message).
const aborted: MessageWithParts = {
  info: { id: 'msg_1', sessionID: 's', role: 'assistant', agent: 'build', mode: 'build' },
  parts: [],
};
const summary: MessageWithParts = {
  info: {
    id: 'msg_2',
    sessionID: 's',
    role: 'assistant',
    agent: 'compaction',
    mode: 'compaction',
    summary: true,
    finish: 'stop',
  },
  parts: [{ id: 'p', sessionID: 's', messageID: 'msg_2', type: 'text', text: '## Goal …' }],
};
const answerToSyntheticPrompt: MessageWithParts = {
  info: { id: 'msg_3', sessionID: 's', role: 'assistant', agent: 'build', finish: 'stop' },
  parts: [
    { id: 'q', sessionID: 's', messageID: 'msg_3', type: 'text', text: 'The attachments were…' },
  ],
};

describe('wasCompacted', () => {
  it("sees the compaction agent's summary among a turn's messages", () => {
    expect(wasCompacted([aborted, summary, answerToSyntheticPrompt])).toBe(true);
  });

  it('is false for an ordinary turn', () => {
    expect(wasCompacted([answerToSyntheticPrompt])).toBe(false);
    expect(wasCompacted([])).toBe(false);
  });
});
