import type { FileChange, WorkspaceDiff } from '@openjarvis/core';
import { el } from './dom.js';

const statusLetter: Readonly<Record<FileChange['status'], string>> = {
  added: 'A',
  modified: 'M',
  deleted: 'D',
  renamed: 'R',
};

/** The run's change to its workspace, one collapsible block per file. */
export function renderDiff(diff: WorkspaceDiff): HTMLElement {
  const { totals } = diff;
  const notes = [
    diff.truncated ? 'cut to stay within the size bound' : '',
    diff.shared ? 'another run worked in the same workspace meanwhile' : '',
  ].filter((note) => note !== '');
  const section = el(
    'section',
    { class: 'diff' },
    el(
      'h3',
      {},
      `Changes: ${totals.files} file${totals.files === 1 ? '' : 's'} `,
      el('span', { class: 'add' }, `+${totals.additions}`),
      ' ',
      el('span', { class: 'del' }, `−${totals.deletions}`),
      notes.length > 0 && el('span', { class: 'note' }, ` (${notes.join('; ')})`),
    ),
  );
  if (diff.files.length === 0) section.append(el('p', { class: 'empty' }, 'No files changed.'));
  for (const file of diff.files) section.append(renderFile(file));
  return section;
}

function renderFile(file: FileChange): HTMLElement {
  const name = file.oldPath === undefined ? file.path : `${file.oldPath} → ${file.path}`;
  const block = el(
    'details',
    { class: `file ${file.status}`, open: true },
    el(
      'summary',
      {},
      el(
        'span',
        { class: `status ${file.status}`, title: file.status },
        statusLetter[file.status] ?? '?',
      ),
      ' ',
      el('span', { class: 'path' }, name),
      ' ',
      el('span', { class: 'add' }, `+${file.additions}`),
      ' ',
      el('span', { class: 'del' }, `−${file.deletions}`),
      file.truncated && el('span', { class: 'note' }, ' (cut)'),
    ),
  );
  block.dataset.path = file.path;
  if (file.binary) {
    block.append(el('p', { class: 'empty' }, 'Binary file, not shown.'));
    return block;
  }
  const patch = el('pre', { class: 'patch' });
  for (const line of file.patch.split('\n')) {
    patch.append(el('span', { class: lineClass(line) }, line), '\n');
  }
  block.append(patch);
  return block;
}

function lineClass(line: string): string {
  if (line.startsWith('@@')) return 'hunk';
  if (
    /^(\+\+\+|---|diff |index |new file|deleted file|similarity |rename |old mode|new mode)/.test(
      line,
    )
  ) {
    return 'meta';
  }
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return 'ctx';
}
