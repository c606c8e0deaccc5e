import { el } from './dom.js';
import { cut, formatClock, formatDuration, formatTokens } from './format.js';
import { renderDiff } from './render-diff.js';
import { renderTimeline } from './render-timeline.js';
import type { RunView } from './run-state.js';

/** One run: its header (outcome, model, time, tokens), timeline, streamed text and diff. */
export function renderRun(run: RunView): HTMLElement {
  const state = run.endedAt === undefined ? 'running' : run.failed ? 'failed' : 'ok';
  const duration = run.durationMs ?? (run.endedAt ?? run.lastAt) - run.startedAt;
  const meta = [
    formatClock(run.startedAt),
    formatDuration(duration),
    formatTokens(run.usage),
    run.turns === undefined ? '' : `${run.turns} turn${run.turns === 1 ? '' : 's'}`,
    `${run.tools.length} tool call${run.tools.length === 1 ? '' : 's'}`,
  ].filter((part) => part !== '');
  const section = el(
    'section',
    { class: `run ${state}` },
    el(
      'header',
      {},
      el(
        'span',
        { class: `badge ${state}` },
        state === 'running'
          ? 'running'
          : state === 'ok'
            ? 'done'
            : `failed${run.errorKind === undefined ? '' : `: ${run.errorKind}`}`,
      ),
      ' ',
      el(
        'span',
        { class: 'agent' },
        run.workflow === undefined ? run.agent : `${run.workflow.step} · ${run.agent}`,
      ),
      run.model !== undefined && el('span', { class: 'model' }, ` ${run.model}`),
      el('span', { class: 'meta' }, meta.join(' · ')),
    ),
    run.input !== undefined && el('p', { class: 'task', title: run.input }, cut(run.input, 400)),
    renderTimeline(run),
  );
  section.dataset.runId = run.runId;
  section.dataset.state = state;
  if (run.text.length > 0) {
    const text = el('pre', { class: 'stream' });
    for (const part of run.text) text.append(el('span', { class: part.kind }, part.text));
    section.append(
      el('details', { class: 'text', open: true }, el('summary', {}, 'Streamed text'), text),
    );
  }
  for (const error of run.errors) {
    section.append(el('p', { class: 'error' }, `${error.kind}: ${cut(error.message, 500)}`));
  }
  if (run.diff !== undefined) section.append(renderDiff(run.diff));
  return section;
}
