import { toolOutcome } from '../protocol/extract.js';
import type { ToolPart } from '../protocol/parts.js';
import type { TurnEmission } from './turn-events.js';

interface ToolCallState {
  tool: string;
  callId: string;
  started: boolean;
  ended: boolean;
}

/**
 * The tool calls of one turn, from opencode's tool parts: each call starts
 * once (when it first runs) and ends once (when it is over), however often
 * opencode updates its part, and whether the part came live or from the
 * session's messages afterwards.
 */
export class ToolCalls {
  // Keyed by opencode's part id: call ids are only unique within one model
  // reply (engines that synthesise them restart at call_0 or call_1).
  readonly #calls = new Map<string, ToolCallState>();

  /** What this update of a tool part adds: the call's start, its end, both, or nothing. */
  update(part: ToolPart): TurnEmission<'toolStart' | 'toolEnd'>[] {
    let call = this.#calls.get(part.id);
    if (call === undefined) {
      call = { tool: part.tool, callId: part.callID, started: false, ended: false };
      this.#calls.set(part.id, call);
    }
    if (part.state.status === 'pending' || call.ended) return [];
    const emissions: TurnEmission<'toolStart' | 'toolEnd'>[] = [];
    if (!call.started) {
      call.started = true;
      emissions.push({
        to: 'toolStart',
        data: {
          tool: call.tool,
          callId: part.callID,
          input: part.state.input ?? {},
          sessionId: part.sessionID,
        },
      });
    }
    const outcome = toolOutcome(part);
    if (!outcome.finished) return emissions;
    call.ended = true;
    emissions.push({
      to: 'toolEnd',
      data: {
        tool: call.tool,
        callId: part.callID,
        success: outcome.success,
        output: outcome.output,
        durationMs: outcome.durationMs ?? 0,
        sessionId: part.sessionID,
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
      },
    });
    return emissions;
  }

  /** Ends every call that started and never ended: the turn ended while it ran. */
  interrupt(sessionId: string | undefined): TurnEmission<'toolEnd'>[] {
    const emissions: TurnEmission<'toolEnd'>[] = [];
    for (const call of this.#calls.values()) {
      if (!call.started || call.ended) continue;
      call.ended = true;
      emissions.push({
        to: 'toolEnd',
        data: {
          tool: call.tool,
          callId: call.callId,
          success: false,
          output: 'the tool call was interrupted',
          durationMs: 0,
          error: { kind: 'interrupted', message: 'the run ended while the tool was running' },
          ...(sessionId === undefined ? {} : { sessionId }),
        },
      });
    }
    return emissions;
  }
}
