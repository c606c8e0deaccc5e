import { el } from './dom.js';
import { cut, formatDuration, shortInput } from './format.js';
import type { PermissionView, RunView, ToolCallView } from './run-state.js';

/**
 * The run's tool calls and permission asks as rows of bars on one time axis,
 * from the run's start to its end (or to its latest event while it runs).
 */
export function renderTimeline(run: RunView): HTMLElement {
  const start = run.startedAt;
  const end = Math.max(run.endedAt ?? run.lastAt, start + 1);
  const rows: { at: number; row: HTMLElement }[] = [
    ...run.tools.map((call) => ({ at: call.startedAt, row: toolRow(call, run, start, end) })),
    ...run.permissions.map((ask) => ({
      at: ask.askedAt,
      row: permissionRow(ask, run, start, end),
    })),
  ];
  rows.sort((a, b) => a.at - b.at);
  const timeline = el('div', { class: 'timeline' });
  if (rows.length === 0) {
    timeline.append(
      el(
        'p',
        { class: 'empty' },
        run.endedAt === undefined ? 'No tool calls yet.' : 'No tool calls.',
      ),
    );
  } else timeline.append(axis(end - start));
  for (const { row } of rows) timeline.append(row);
  return timeline;
}

function toolRow(call: ToolCallView, run: RunView, start: number, end: number): HTMLElement {
  const state = call.success === undefined ? 'running' : call.success ? 'ok' : 'failed';
  const input = shortInput(call.input);
  const full = call.input === undefined ? '' : JSON.stringify(call.input, null, 2);
  const outcome =
    state === 'running' ? 'running…' : `${state} · ${formatDuration(call.durationMs)}`;
  const bar = el('div', { class: `bar ${state}` }, el('span', {}, outcome));
  // A finished call spans its measured duration up to its end event, so the
  // bar agrees with its caption even when the start event arrived late.
  const from =
    call.endedAt !== undefined && call.durationMs !== undefined
      ? Math.max(start, call.endedAt - call.durationMs)
      : call.startedAt;
  place(bar, from, call.endedAt ?? run.lastAt, start, end);
  const row = el(
    'div',
    {
      class: `row tool ${state}`,
      title: call.error === undefined ? cut(full, 2000) : `${call.error}\n${cut(full, 2000)}`,
    },
    el(
      'div',
      { class: 'label' },
      el('span', { class: 'tool-name' }, call.tool),
      ' ',
      el('span', { class: 'tool-input' }, input),
    ),
    el('div', { class: 'track' }, bar),
  );
  row.dataset.tool = call.tool;
  row.dataset.state = state;
  return row;
}

function permissionRow(ask: PermissionView, run: RunView, start: number, end: number): HTMLElement {
  const answer =
    ask.reply === undefined ? 'waiting for an answer…' : `${ask.reply} (by ${ask.by ?? '?'})`;
  const state = ask.reply === undefined ? 'running' : ask.reply === 'reject' ? 'failed' : 'ok';
  const bar = el('div', { class: `bar permission ${state}` }, el('span', {}, answer));
  place(bar, ask.askedAt, ask.answeredAt ?? run.lastAt, start, end);
  const row = el(
    'div',
    { class: 'row permission' },
    el(
      'div',
      { class: 'label' },
      el('span', { class: 'tool-name' }, `asks ${ask.permission}`),
      ' ',
      el('span', { class: 'tool-input' }, cut(ask.patterns.join(', '), 60)),
    ),
    el('div', { class: 'track' }, bar),
  );
  row.dataset.permission = ask.permission;
  return row;
}

/** The time scale above the bars: the run's start and its length so far. */
function axis(spanMs: number): HTMLElement {
  return el(
    'div',
    { class: 'row axis' },
    el('div', { class: 'label' }),
    el('div', { class: 'scale' }, el('span', {}, '0'), el('span', {}, formatDuration(spanMs))),
  );
}

/**
 * Positions a bar on the axis; a very short one stays wide enough to see. Its
 * caption goes after the bar, or before it when the bar reaches the far end.
 */
function place(bar: HTMLElement, from: number, to: number, start: number, end: number): void {
  const span = end - start;
  const left = ((from - start) / span) * 100;
  const width = ((Math.max(to, from) - from) / span) * 100;
  bar.style.left = `${clamp(left, 0, 99.5)}%`;
  bar.style.width = `${clamp(width, 0.5, 100 - clamp(left, 0, 99.5))}%`;
  if (left + width > 70) bar.classList.add('caption-before');
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
