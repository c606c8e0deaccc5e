import { el } from './dom.js';
import { cut, formatClock, formatDuration } from './format.js';
import { renderRun } from './render-run.js';
import type { UiState, WorkflowView } from './run-state.js';

/** A pipeline: its outcome, then each step with the run that served it nested below. */
export function renderWorkflow(flow: WorkflowView, state: UiState): HTMLElement {
  const status = flow.endedAt === undefined ? 'running' : flow.success === false ? 'failed' : 'ok';
  const section = el(
    'section',
    { class: `workflow ${status}` },
    el(
      'header',
      {},
      el('span', { class: `badge ${status}` }, status === 'ok' ? 'done' : status),
      ' ',
      el('span', { class: 'agent' }, `pipeline ${flow.name}`),
      el(
        'span',
        { class: 'meta' },
        [
          formatClock(flow.startedAt),
          formatDuration(flow.durationMs),
          `${flow.steps.length} step${flow.steps.length === 1 ? '' : 's'}`,
        ]
          .filter((part) => part !== '')
          .join(' · '),
      ),
    ),
    flow.input !== undefined && el('p', { class: 'task', title: flow.input }, cut(flow.input, 400)),
    flow.error !== undefined && el('p', { class: 'error' }, cut(flow.error, 500)),
  );
  section.dataset.workflowId = flow.workflowId;
  const steps = el('ol', { class: 'steps' });
  for (const step of flow.steps) {
    const run = step.runId === undefined ? undefined : state.runs.get(step.runId);
    const stepState =
      step.endedAt === undefined ? 'running' : step.success === false ? 'failed' : 'ok';
    const item = el(
      'li',
      { class: `step ${stepState}` },
      el(
        'div',
        { class: 'step-head' },
        el('span', { class: `badge ${stepState}` }, stepState === 'ok' ? 'done' : stepState),
        ' ',
        el('span', { class: 'agent' }, step.step),
        el('span', { class: 'meta' }, formatDuration(step.durationMs)),
      ),
      step.error !== undefined && el('p', { class: 'error' }, cut(step.error, 500)),
      run !== undefined && renderRun(run),
    );
    item.dataset.step = step.step;
    steps.append(item);
  }
  section.append(steps);
  return section;
}
