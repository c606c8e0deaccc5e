import type { AnyJarvisEvent } from '@openjarvis/core';
import { el } from './dom.js';
import { renderRun } from './render-run.js';
import { renderWorkflow } from './render-workflow.js';
import { advanceClock, applyEvent, emptyState } from './run-state.js';

// The page: one EventSource (the server sends the events so far, then each new
// one as it is published); each event is folded into the state, and the items
// it touched are drawn again on the next animation frame.
const state = emptyState();
const dirty = new Set<string>();
const drawn = new Map<string, HTMLElement>();
const runsRoot = document.getElementById('runs') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
let scheduled = false;
let received = 0;
let caughtUp = false;
let sourceNote = '';
let droppedNote = '';

const token = new URLSearchParams(location.search).get('token') ?? '';
const stream = new EventSource(`/events?token=${encodeURIComponent(token)}`);

stream.onmessage = (message) => {
  received += 1;
  const event = JSON.parse(message.data) as AnyJarvisEvent;
  const key = applyEvent(state, event);
  if (key !== undefined) dirty.add(key);
  schedule();
};
stream.addEventListener('hello', (message) => {
  const { dropped } = JSON.parse((message as MessageEvent<string>).data) as { dropped: number };
  droppedNote = dropped > 0 ? ` (the ${dropped} oldest were dropped by the server)` : '';
  schedule();
});
stream.addEventListener('caught-up', () => {
  caughtUp = true;
  schedule();
});
stream.addEventListener('source', (message) => {
  const source = JSON.parse((message as MessageEvent<string>).data) as {
    state: string;
    message?: string;
  };
  sourceNote = source.state === 'ended' ? 'source ended' : `source failed: ${source.message ?? ''}`;
  // An ended source sends nothing more: stop the browser from reconnecting.
  stream.close();
  schedule();
});
stream.onerror = () => {
  if (stream.readyState !== EventSource.CLOSED) schedule();
};

// While the source is live, running tool bars grow with the clock even when
// nothing is published (a long bash command). Local only: nothing is fetched.
setInterval(() => {
  if (!caughtUp || sourceNote !== '' || stream.readyState !== EventSource.OPEN) return;
  const keys = advanceClock(state, Date.now());
  for (const key of keys) dirty.add(key);
  if (keys.length > 0) schedule();
}, 1000);

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(draw);
}

function draw(): void {
  scheduled = false;
  for (const key of state.order) {
    if (!dirty.has(key) && drawn.has(key)) continue;
    const next = renderItem(key);
    if (next === undefined) continue;
    const previous = drawn.get(key);
    if (previous === undefined) runsRoot.append(next);
    else {
      keepCollapsed(previous, next);
      previous.replaceWith(next);
    }
    drawn.set(key, next);
  }
  dirty.clear();
  const connection =
    sourceNote !== ''
      ? sourceNote
      : stream.readyState === EventSource.OPEN
        ? caughtUp
          ? 'live'
          : 'loading…'
        : stream.readyState === EventSource.CONNECTING
          ? 'reconnecting…'
          : 'disconnected (reload the page, or open the URL jarvis printed)';
  status.replaceChildren(
    el(
      'span',
      { class: `connection ${(connection.split(' ')[0] ?? '').replace(/[^a-z]/g, '')}` },
      connection,
    ),
    ` · ${received} events${droppedNote} · ${state.runs.size} run${state.runs.size === 1 ? '' : 's'}`,
  );
  const placeholder = runsRoot.querySelector('.placeholder');
  if (state.order.length > 0) placeholder?.remove();
  else if (placeholder === null)
    runsRoot.append(el('p', { class: 'empty placeholder' }, 'No runs yet.'));
}

/** What the reader collapsed stays collapsed when its item is drawn again. */
function keepCollapsed(previous: HTMLElement, next: HTMLElement): void {
  const closed = (root: HTMLElement) =>
    [...root.querySelectorAll('details')].map((details, index) => ({ details, index }));
  const before = closed(previous);
  const after = closed(next);
  for (const { details, index } of before) {
    if (!details.open) after[index]?.details.removeAttribute('open');
  }
}

function renderItem(key: string): HTMLElement | undefined {
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (kind === 'run') {
    const run = state.runs.get(id);
    return run === undefined ? undefined : renderRun(run);
  }
  const flow = state.workflows.get(id);
  return flow === undefined ? undefined : renderWorkflow(flow, state);
}

schedule();
