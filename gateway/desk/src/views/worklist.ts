// The reader's worklist: tasks by priority, why each was opened, how long it has waited, counts, QC's returns.
import * as api from '../api/annotations';
import { h, reasonName, waited } from './dom';

export async function worklistView(root: HTMLElement, openTask: (taskId: string) => void, refresh: () => void): Promise<() => void> {
  const page = await api.worklist();
  const counts = page.counts;
  const stateCount = (s: string) => counts.byReaderState[s] ?? 0;

  const summary = h('section', { class: 'counts', 'data-testid': 'counts' },
    count('Tasks', page.total, 'total'),
    count('To do', stateCount('available'), 'available'),
    count('In progress', stateCount('claimed'), 'claimed'),
    count('Returned by QC', stateCount('returned'), 'returned', stateCount('returned') > 0 ? 'warn' : ''),
    ...Object.entries(counts.byKind).map(([kind, n]) => count(kind, n, `kind-${kind}`)),
    ...Object.entries(counts.byReason).map(([code, n]) => count(reasonName(code), n, `reason-${code}`)));

  const rows = page.items.map((item, index) =>
    h('tr', {
      class: `task ${item.readerState}${item.overdue ? ' overdue' : ''}`,
      'data-task-id': item.taskId,
      'data-testid': 'task-row',
      tabindex: 0,
      onclick: () => openTask(item.taskId),
      onkeydown: ((e: KeyboardEvent) => { if (e.key === 'Enter') openTask(item.taskId); }) as EventListener,
    },
      h('td', { class: 'rank' }, String(page.offset + index + 1)),
      h('td', { class: 'priority' }, item.priority.toFixed(2)),
      h('td', { class: 'kind' }, item.kind, h('div', { class: 'muted' }, item.modelId)),
      h('td', { class: 'why' },
        ...item.openedBecause.map(r => h('span', { class: `reason ${r.code.startsWith('qc:') ? 'qc' : r.code}`, title: r.message }, reasonName(r.code))),
        item.requiredReads > 1 ? h('span', { class: 'reason reads' }, `read ${item.myReadNumber ?? item.submittedReads + 1} of ${item.requiredReads}`) : null),
      h('td', { class: 'state' }, stateName(item.readerState),
        item.qcReasons.length > 0
          ? h('ul', { class: 'qc-reasons', 'data-testid': 'qc-reasons' }, ...item.qcReasons.map(r => h('li', {}, h('b', {}, r.code), ' — ', r.message)))
          : null),
      h('td', { class: 'waited' }, waited(item.openedAt), item.overdue ? h('div', { class: 'overdue-tag' }, 'overdue') : null)));

  const table = page.items.length === 0
    ? h('p', { class: 'empty', 'data-testid': 'worklist-empty' }, 'No tasks for you right now.')
    : h('table', { class: 'worklist', 'data-testid': 'worklist' },
      h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Priority'), h('th', {}, 'Task'), h('th', {}, 'Why it was opened'), h('th', {}, 'State'), h('th', {}, 'Waiting'))),
      h('tbody', {}, ...rows));

  root.replaceChildren(
    h('div', { class: 'worklist-page' },
      h('div', { class: 'page-head' }, h('h1', {}, 'Worklist'),
        h('span', { class: 'hint' }, 'Enter or click opens a task · N opens the top task · R refreshes')),
      summary, table));

  const keys = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === 'n' && page.items[0]) openTask(page.items[0].taskId);
    if (e.key === 'r') refresh();
  };
  document.addEventListener('keydown', keys);
  return () => document.removeEventListener('keydown', keys);
}

function count(label: string, n: number, key: string, cls = ''): HTMLElement {
  return h('div', { class: `count ${cls}`, 'data-count': key }, h('div', { class: 'n' }, String(n)), h('div', { class: 'label' }, label));
}

function stateName(state: api.ReaderState): string {
  switch (state) {
    case 'available': return 'To do';
    case 'claimed': return 'In progress (yours)';
    case 'returned': return 'Returned by QC';
    case 'submitted': return 'Submitted';
    default: return 'Not yours';
  }
}
