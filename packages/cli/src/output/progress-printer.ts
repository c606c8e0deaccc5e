import { type AnyJarvisEvent, type EventBus, EventType, type TurnUsage } from '@openjarvis/core';
import type { CliIo } from '../cli-io.js';
import { describeToolInput } from './describe-tool-input.js';
import { diffLines, sessionLine } from './diff-lines.js';
import { formatDuration } from './format-duration.js';
import { stylizer } from './style.js';

/** What the progress printer saw of the run, for the caller's last words. */
export interface RunSummary {
  /** The tool calls that ended, in order. */
  readonly tools: ReadonlyArray<{ tool: string; success: boolean }>;
  usage: TurnUsage | undefined;
  durationMs: number | undefined;
}

/**
 * Prints a run as it happens: each tool call as it starts and ends (name,
 * short input, duration, ok or failed), the streamed answer, then a summary
 * line with time and tokens. Returns a function that stops printing.
 */
export function printProgress(
  bus: EventBus,
  io: CliIo,
  options: { patch?: boolean } = {},
): { stop(): void; summary: RunSummary } {
  const style = stylizer(io.color);
  const summary: {
    tools: Array<{ tool: string; success: boolean }>;
    usage: TurnUsage | undefined;
    durationMs: number | undefined;
  } = {
    tools: [],
    usage: undefined,
    durationMs: undefined,
  };
  let midLine = false;
  let streamed = false;
  let thinking = false;
  const line = (text: string) => {
    if (midLine) io.out('\n');
    midLine = false;
    io.out(`${text}\n`);
  };

  const handle = (event: AnyJarvisEvent): void => {
    switch (event.type) {
      case EventType.AGENT_STATUS:
        if (event.data.status === 'server_starting') line(style('dim', '  starting opencode…'));
        else if (event.data.status === 'server_ready')
          line(style('dim', `  ${event.data.message ?? 'opencode ready'}`));
        else if (event.data.status === 'retrying') {
          line(
            style(
              'yellow',
              `  engine request failed, retrying${event.data.attempt === undefined ? '' : ` (attempt ${event.data.attempt})`}: ${event.data.message ?? ''}`,
            ),
          );
        }
        return;
      case EventType.TOOL_CALL_START: {
        const input = describeToolInput(event.data.input);
        line(
          `${style('cyan', '→')} ${style('bold', event.data.tool)}${input === '' ? '' : `  ${input}`}`,
        );
        return;
      }
      case EventType.TOOL_CALL_END: {
        summary.tools.push({ tool: event.data.tool, success: event.data.success });
        const took = style('dim', formatDuration(event.data.durationMs));
        if (event.data.success) line(`${style('green', '✓')} ${event.data.tool} ${took}`);
        else {
          const why = (event.data.error ?? event.data.output).split('\n')[0] ?? '';
          line(
            `${style('red', '✗')} ${event.data.tool} failed ${took}${why === '' ? '' : `: ${why}`}`,
          );
        }
        return;
      }
      case EventType.AGENT_TEXT_DELTA:
        if (event.data.kind === 'reasoning') {
          if (!thinking) line(style('dim', '  (thinking…)'));
          thinking = true;
          return;
        }
        streamed = true;
        midLine = !event.data.delta.endsWith('\n');
        io.out(event.data.delta);
        return;
      case EventType.PERMISSION_REPLY:
        if (event.data.reply === 'reject') {
          line(
            style('yellow', `  permission "${event.data.permission}" denied (${event.data.by})`),
          );
        }
        return;
      case EventType.WORKSPACE_DIFF:
        for (const text of diffLines(event.data.diff, options.patch === true, style)) line(text);
        return;
      case EventType.AGENT_ERROR:
        line(style('yellow', `  ${event.data.kind}: ${event.data.message}`));
        return;
      case EventType.AGENT_TURN_END: {
        const { data } = event;
        summary.usage = data.usage;
        summary.durationMs = data.durationMs;
        if (!streamed && data.error !== true && data.result.content !== '')
          line(data.result.content);
        const tokens =
          data.usage === undefined
            ? ''
            : ` · tokens ${data.usage.inputTokens} in / ${data.usage.outputTokens} out`;
        const failed = summary.tools.filter((tool) => !tool.success).length;
        const tools =
          summary.tools.length === 0
            ? ''
            : ` · ${summary.tools.length} tool call${summary.tools.length === 1 ? '' : 's'}${failed === 0 ? '' : ` (${failed} failed)`}`;
        const took = formatDuration(data.durationMs);
        if (data.error === true) {
          line(
            style('red', `✘ failed (${data.errorKind ?? 'error'}) after ${took}${tokens}${tools}`),
          );
        } else {
          line(style('green', `✔ done in ${took}${tokens}${tools}`));
        }
        if (data.sessionId !== undefined) line(style('dim', sessionLine(data.sessionId)));
        return;
      }
      default:
        return;
    }
  };
  const subscription = bus.events$.subscribe(handle);
  return {
    stop: () => {
      subscription.unsubscribe();
      if (midLine) io.out('\n');
      midLine = false;
    },
    summary,
  };
}
