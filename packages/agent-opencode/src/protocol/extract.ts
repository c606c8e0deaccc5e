import type { Failure, ToolErrorKind, ToolResult } from '@openjarvis/core';
import { isTextPart, isToolPart, type Part, type ToolPart } from './parts.js';

/** The text of a message: its `text` parts joined, surrounding whitespace trimmed. */
export function extractText(parts: readonly Part[]): string {
  return parts
    .filter((part) => part.type === 'text' && isTextPart(part))
    .map((part) => (isTextPart(part) ? part.text : ''))
    .join('')
    .trim();
}

/** One `ToolResult` per `tool` part, in order. */
export function extractToolResults(parts: readonly Part[]): ToolResult[] {
  return parts.filter(isToolPart).map(toToolResult);
}

export function toToolResult(part: ToolPart): ToolResult {
  const outcome = toolOutcome(part);
  const result: ToolResult = {
    toolName: part.tool,
    content: outcome.output,
    success: outcome.success,
    callId: part.callID,
    input: part.state.input ?? {},
  };
  if (outcome.durationMs !== undefined) result.durationMs = outcome.durationMs;
  return result;
}

export interface ToolOutcome {
  /** The call is over (completed or failed). */
  finished: boolean;
  success: boolean;
  output: string;
  error?: Failure<ToolErrorKind>;
  durationMs?: number;
}

/**
 * Whether a tool call succeeded. `completed` alone is not enough: opencode
 * reports a bash command that exits non-zero, an aborted command and a call to
 * an unavailable tool (`invalid`) as completed.
 */
export function toolOutcome(part: ToolPart): ToolOutcome {
  const state = part.state;
  const time = (state as { time?: { start?: number; end?: number } }).time;
  const start = time?.start;
  const end = time?.end;
  const durationMs =
    start !== undefined && end !== undefined ? Math.max(0, end - start) : undefined;
  const timing = durationMs === undefined ? {} : { durationMs };
  switch (state.status) {
    case 'completed': {
      const output = state.output ?? state.title ?? JSON.stringify(state);
      const exit = state.metadata?.exit;
      if (part.tool === 'invalid')
        return { finished: true, success: false, output, error: toolError(output), ...timing };
      if (part.tool === 'bash' && output.includes('User aborted the command')) {
        return {
          finished: true,
          success: false,
          output,
          error: { kind: 'aborted', message: 'the command was aborted' },
          ...timing,
        };
      }
      if (part.tool === 'bash' && typeof exit === 'number' && exit !== 0) {
        return {
          finished: true,
          success: false,
          output,
          error: toolError(`the command exited with code ${exit}`),
          ...timing,
        };
      }
      return { finished: true, success: true, output, ...timing };
    }
    case 'error': {
      const error = state.error ?? 'the tool failed';
      return { finished: true, success: false, output: error, error: toolError(error), ...timing };
    }
    default:
      // Still pending or running when the turn ended: interrupted.
      return {
        finished: false,
        success: false,
        output: 'the tool call was interrupted',
        error: { kind: 'interrupted', message: 'the run ended while the tool was running' },
      };
  }
}

function toolError(message: string): Failure<ToolErrorKind> {
  return { kind: 'tool_error', message };
}
