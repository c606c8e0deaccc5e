import { type AnyJarvisEvent, type EventBus, EventType, type Usage } from '@openjarvis/core';
import type { CliIo } from '../cli-io.js';
import { describeToolInput } from './describe-tool-input.js';
import { diffLines, sessionLine } from './diff-lines.js';
import { escapeControl as safe } from './escape-control.js';
import { formatDuration } from './format-duration.js';
import { defaultHeartbeatMs, modelWaitHeartbeat } from './model-wait-heartbeat.js';
import { stylizer } from './style.js';

/** What the progress printer saw of the run, for the caller's last words. */
export interface RunSummary {
  /** The tool calls that ended, in order. */
  readonly tools: ReadonlyArray<{ tool: string; success: boolean }>;
  usage: Usage | undefined;
  durationMs: number | undefined;
}

export interface ProgressOptions {
  /**
   * Silence, while waiting on the model, after which a line says so
   * ("waiting for the model… 40 s"), and again after each further interval.
   * @default 10_000
   */
  heartbeatMs?: number;
  /**
   * Print the run's patch after its changed files.
   * @default false
   */
  patch?: boolean;
}

/**
 * Prints a run as it happens: each tool call as it starts and ends (name,
 * short input, duration, ok or failed), the streamed answer, a heartbeat
 * while the model is silent, then a summary line with time and tokens.
 * Everything that comes from the model, its tools or the engine has its
 * control characters escaped first. Returns a function that stops printing.
 */
export function printProgress(
  bus: EventBus,
  io: CliIo,
  options: ProgressOptions = {},
): { stop(): void; summary: RunSummary } {
  const style = stylizer(io.color);
  const summary: {
    tools: Array<{ tool: string; success: boolean }>;
    usage: Usage | undefined;
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
  const heartbeat = modelWaitHeartbeat(options.heartbeatMs ?? defaultHeartbeatMs, (waitedMs) =>
    line(style('dim', `  waiting for the model… ${Math.round(waitedMs / 1_000)} s`)),
  );

  let pendingError: string | undefined;
  let pendingKind: string | undefined;
  const flushError = (event: AnyJarvisEvent | undefined) => {
    const fatal =
      event?.type === EventType.AGENT_TURN_END && event.data.error?.kind === pendingKind;
    if (pendingError !== undefined && !fatal) line(style('yellow', pendingError));
    pendingError = undefined;
    pendingKind = undefined;
  };

  const handle = (event: AnyJarvisEvent): void => {
    heartbeat.see(event);
    if (event.type !== EventType.AGENT_ERROR) flushError(event);
    else flushError(undefined);
    switch (event.type) {
      case EventType.AGENT_STATUS:
        if (event.data.status === 'server_starting') line(style('dim', '  starting opencode…'));
        else if (event.data.status === 'server_ready')
          line(style('dim', `  ${safe(event.data.message ?? 'opencode ready')}`));
        else if (event.data.status === 'retrying') {
          line(
            style(
              'yellow',
              `  engine request failed, retrying${event.data.attempt === undefined ? '' : ` (attempt ${event.data.attempt})`}: ${safe(event.data.message ?? '')}`,
            ),
          );
        }
        return;
      case EventType.TOOL_CALL_START: {
        const input = safe(describeToolInput(event.data.input));
        const tool = safe(event.data.tool);
        line(`${style('cyan', '→')} ${style('bold', tool)}${input === '' ? '' : `  ${input}`}`);
        return;
      }
      case EventType.TOOL_CALL_END: {
        summary.tools.push({ tool: event.data.tool, success: event.data.success });
        const tool = safe(event.data.tool);
        const took = style('dim', formatDuration(event.data.durationMs));
        if (event.data.success) line(`${style('green', '✓')} ${tool} ${took}`);
        else {
          const why = safe((event.data.error?.message ?? event.data.output).split('\n')[0] ?? '');
          line(`${style('red', '✗')} ${tool} failed ${took}${why === '' ? '' : `: ${why}`}`);
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
        io.out(safe(event.data.delta));
        return;
      case EventType.PERMISSION_REPLY:
        if (event.data.reply === 'reject') {
          line(
            style(
              'yellow',
              `  permission "${safe(event.data.permission)}" denied (${event.data.by})`,
            ),
          );
        }
        return;
      case EventType.WORKSPACE_DIFF:
        for (const text of diffLines(event.data.diff, options.patch === true, style)) line(text);
        return;
      case EventType.AGENT_ERROR:
        // Held back one event: the error that fails the run comes just before
        // its turn end, and is reported once, with its hint, after the run.
        pendingError = `  ${safe(event.data.kind)}: ${safe(event.data.message)}`;
        pendingKind = event.data.kind;
        return;
      case EventType.AGENT_TURN_END: {
        const { data } = event;
        summary.usage = data.usage;
        summary.durationMs = data.durationMs;
        if (!streamed && data.error === undefined && data.result.content !== '')
          line(safe(data.result.content));
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
        if (data.error !== undefined) {
          line(style('red', `✘ failed (${data.error.kind}) after ${took}${tokens}${tools}`));
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
      heartbeat.stop();
      flushError(undefined);
      if (midLine) io.out('\n');
      midLine = false;
    },
    summary,
  };
}
