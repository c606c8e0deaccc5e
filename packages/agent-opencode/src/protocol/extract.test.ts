import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractText, extractToolResults, toolOutcome } from './extract.js';
import { type MessageWithParts, messageWithPartsSchema } from './messages.js';
import type { Part, ToolPart } from './parts.js';

const ids = { sessionID: 'ses_x', messageID: 'msg_x' };
const text = (value: string): Part => ({
  ...ids,
  id: `prt_${value.length}`,
  type: 'text',
  text: value,
});
const tool = (name: string, state: ToolPart['state']): ToolPart => ({
  ...ids,
  id: 'prt_tool',
  type: 'tool',
  tool: name,
  callID: 'call_1',
  state,
});

describe('extractText (ported from the ancestor)', () => {
  it('joins the text parts and trims surrounding whitespace', () => {
    const parts: Part[] = [
      { ...ids, id: 'prt_s', type: 'step-start' },
      text('Hello from the local model. '),
      { ...ids, id: 'prt_f', type: 'step-finish', reason: 'stop' },
    ];
    expect(extractText(parts)).toBe('Hello from the local model.');
  });

  it('ignores non-text parts', () => {
    const parts: Part[] = [
      { ...ids, id: 'prt_s', type: 'step-start' },
      tool('bash', { status: 'completed', input: {}, output: 'ok' }),
    ];
    expect(extractText(parts)).toBe('');
  });

  it('ignores reasoning parts', () => {
    expect(
      extractText([{ ...ids, id: 'prt_r', type: 'reasoning', text: 'thinking' }, text('answer')]),
    ).toBe('answer');
  });
});

describe('extractToolResults (ported from the ancestor)', () => {
  it('turns a completed tool part into a successful result', () => {
    const [result] = extractToolResults([
      tool('bash', { status: 'completed', input: { command: 'true' }, output: 'ok' }),
    ]);
    expect(result).toMatchObject({
      toolName: 'bash',
      content: 'ok',
      success: true,
      callId: 'call_1',
    });
  });

  it('turns an error tool part into a failed result', () => {
    const [result] = extractToolResults([
      tool('read', { status: 'error', input: {}, error: 'File not found: x' }),
    ]);
    expect(result).toMatchObject({
      toolName: 'read',
      content: 'File not found: x',
      success: false,
    });
  });
});

describe('toolOutcome: what counts as success', () => {
  it('a bash command that exits non-zero failed, although opencode says completed', () => {
    const outcome = toolOutcome(
      tool('bash', { status: 'completed', input: {}, output: 'oops\n', metadata: { exit: 1 } }),
    );
    expect(outcome).toMatchObject({
      finished: true,
      success: false,
      error: { kind: 'tool_error', message: 'the command exited with code 1' },
    });
  });

  it('an aborted bash command failed', () => {
    const outcome = toolOutcome(
      tool('bash', {
        status: 'completed',
        input: {},
        output: '(no output)\n\n<shell_metadata>\nUser aborted the command\n</shell_metadata>',
        metadata: { exit: null },
      }),
    );
    expect(outcome.success).toBe(false);
  });

  it('a call to an unavailable tool (opencode renames it "invalid") failed', () => {
    const outcome = toolOutcome(
      tool('invalid', {
        status: 'completed',
        input: {},
        output: 'Model tried to call unavailable tool',
      }),
    );
    expect(outcome.success).toBe(false);
  });

  it('a call still running when the turn ended was interrupted', () => {
    expect(toolOutcome(tool('bash', { status: 'running', input: {} }))).toMatchObject({
      finished: false,
      success: false,
      error: { kind: 'interrupted' },
    });
  });

  it('measures the duration from the state times', () => {
    const outcome = toolOutcome(
      tool('write', {
        status: 'completed',
        input: {},
        output: 'Wrote file successfully.',
        time: { start: 100, end: 350 },
      }),
    );
    expect(outcome.durationMs).toBe(250);
  });
});

describe('a real message list captured after a bash turn', () => {
  const messages = (
    JSON.parse(
      readFileSync(
        new URL('../__fixtures__/messages-after-bash-turn.json', import.meta.url),
        'utf8',
      ),
    ) as unknown[]
  ).map((message) => messageWithPartsSchema.parse(message)) as MessageWithParts[];

  it('validates and yields the tool calls of every assistant message', () => {
    const results = extractToolResults(messages.flatMap((message) => message.parts));
    expect(results.map((result) => result.toolName)).toEqual(['write', 'bash']);
    expect(results.every((result) => result.success)).toBe(true);
  });
});
