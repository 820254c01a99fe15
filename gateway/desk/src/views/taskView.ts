// One task: the image from DICOMweb with the label as an editable overlay, the tools of the task's kind, submit, skip.
import * as api from '../api/annotations';
import { ApiError } from '../api/http';
import * as dicomweb from '../api/dicomweb';
import { decodeFrame } from '../imaging/dicomImage';
import { presets } from '../imaging/windowing';
import { boxesJson, boxesMediaType, parseBoxes } from '../labels/boxes';
import { LabelModel, Snapshot } from '../labels/labelModel';
import { Mask, rleMediaType } from '../labels/mask';
import { taskShortcuts } from '../shortcuts';
import { newId } from '../util';
import { Slice, Tool, Viewer, palette } from '../viewer/viewer';
import { h, reasonName, waited } from './dom';

const classJsonMediaType = 'application/vnd.fedbus.class+json';

export interface TaskViewDone {
  message: string;
}

export async function taskView(root: HTMLElement, taskId: string, done: (result: TaskViewDone | null) => void): Promise<() => void> {
  let task = await api.task(taskId);
  if (task.readerState === 'available' || task.readerState === 'claimed' || task.readerState === 'returned') task = await api.claim(taskId);
  const editable = task.readerState === 'claimed' || task.readerState === 'returned';

  const label = new LabelModel(task.kind);
  const start = await initialLabel(task);
  label.mask = start.mask;
  label.boxes = start.boxes;
  label.classId = start.classId;
  const prefillStart = start.fromPrefill ? start : null;

  const viewer = new Viewer(label);
  viewer.drawClass = task.kind === 'segmentation' || task.kind === 'detection' ? Math.min(1, task.classNames.length - 1) : 0;
  viewer.tool = task.kind === 'segmentation' ? 'brush' : task.kind === 'detection' ? 'box' : 'wl';

  const status = h('div', { class: 'status', 'data-testid': 'status' });
  const message = h('div', { class: 'message', role: 'status', 'data-testid': 'message' });
  const say = (text: string, kind: 'info' | 'error' = 'info') => {
    message.textContent = text;
    message.className = `message ${kind}`;
  };
  if (start.notice) say(start.notice, 'error');

  // Tools
  const toolButtons = new Map<Tool, HTMLButtonElement>();
  const tool = (t: Tool, name: string, key: string) => {
    const b = h('button', { class: 'tool', 'data-tool': t, title: `${name} (${key})`, onclick: () => { viewer.setTool(t); refresh(); } }, name, h('kbd', {}, key));
    toolButtons.set(t, b);
    return b;
  };
  const tools = h('div', { class: 'group' }, h('h3', {}, 'Tools'),
    tool('wl', 'Window/level', 'W'), tool('pan', 'Pan', 'H'),
    ...(task.kind === 'segmentation' ? [tool('brush', 'Brush', 'B'), tool('eraser', 'Eraser', 'E'), tool('fill', 'Fill', 'F')] : []),
    ...(task.kind === 'detection' ? [tool('box', 'Box', 'R')] : []));

  const brushSize = h('input', { type: 'range', min: 1, max: 50, value: viewer.brushSize, 'data-testid': 'brush-size',
    oninput: (e: Event) => { viewer.setBrushSize(Number((e.target as HTMLInputElement).value)); refresh(); } });
  const brushValue = h('span', { class: 'value' });
  const brushGroup = task.kind === 'segmentation'
    ? h('div', { class: 'group' }, h('h3', {}, 'Brush size ', h('kbd', {}, '[ ]')), brushSize, brushValue)
    : null;

  const opacity = h('input', { type: 'range', min: 0, max: 100, value: viewer.opacity * 100, 'data-testid': 'opacity',
    oninput: (e: Event) => { viewer.setOpacity(Number((e.target as HTMLInputElement).value) / 100); refresh(); } });
  const overlayToggle = h('input', { type: 'checkbox', checked: true, 'data-testid': 'overlay-visible',
    onchange: () => { viewer.toggleOverlay(); refresh(); } });
  const overlayGroup = task.kind !== 'classification'
    ? h('div', { class: 'group' }, h('h3', {}, 'Overlay'),
      h('label', {}, overlayToggle, ' shown ', h('kbd', {}, 'O')),
      h('label', {}, 'Opacity ', opacity, h('kbd', {}, ', .')),
      h('button', { class: 'small', disabled: !prefillStart && !start.prefillAvailable, 'data-testid': 'reset-prefill',
        onclick: () => void resetToPrefill() }, 'Reset to the model\'s pre-annotation'))
    : null;

  const classButtons = task.classNames.map((name, id) =>
    h('button', { class: 'class', 'data-class-id': id, title: `${name} (${id})`, onclick: () => chooseClass(id) },
      h('span', { class: 'swatch', style: `background: rgb(${(palette[id % palette.length] ?? palette[1]!).join(',')})` }),
      h('kbd', {}, String(id)), ` ${name}`));
  const classGroup = h('div', { class: 'group classes', 'data-testid': 'class-picker' },
    h('h3', {}, task.kind === 'classification' ? 'Class of the image' : 'Class to draw'), ...classButtons);

  const presetButtons = presets.map(p =>
    h('button', { class: 'small', title: p.key, onclick: () => { viewer.setWindow(p.window); refresh(); } }, p.name, h('kbd', {}, p.key)));
  const windowGroup = h('div', { class: 'group' }, h('h3', {}, 'Window presets'), ...presetButtons);

  const undoButton = h('button', { class: 'small', title: 'Ctrl+Z', onclick: () => { label.undo(); refresh(); } }, 'Undo', h('kbd', {}, 'Ctrl+Z'));
  const redoButton = h('button', { class: 'small', title: 'Ctrl+Y', onclick: () => { label.redo(); refresh(); } }, 'Redo', h('kbd', {}, 'Ctrl+Y'));
  const viewGroup = h('div', { class: 'group' }, h('h3', {}, 'Edit and view'), undoButton, redoButton,
    h('button', { class: 'small', onclick: () => viewer.zoom(1.25) }, 'Zoom in', h('kbd', {}, '+')),
    h('button', { class: 'small', onclick: () => viewer.zoom(0.8) }, 'Zoom out', h('kbd', {}, '−')),
    h('button', { class: 'small', onclick: () => viewer.fit() }, 'Fit', h('kbd', {}, 'Z')));

  const submitButton = h('button', { class: 'primary', 'data-testid': 'submit', disabled: !editable, onclick: () => void submit() }, 'Submit', h('kbd', {}, 'Ctrl+Enter'));
  const skipButton = h('button', { 'data-testid': 'skip', disabled: !editable, onclick: () => openSkip() }, 'Skip…', h('kbd', {}, 'S'));
  const skipReason = h('input', { type: 'text', maxlength: 500, placeholder: 'Why you skip it', 'data-testid': 'skip-reason', list: 'skip-reasons' });
  const skipForm = h('form', { class: 'skip-form', hidden: true, 'data-testid': 'skip-form',
    onsubmit: (e: Event) => { e.preventDefault(); void doSkip(); } },
    skipReason,
    h('datalist', { id: 'skip-reasons' }, ...['Image unreadable', 'Wrong body part or series', 'Outside my expertise', 'Artefacts make it impossible'].map(r => h('option', { value: r }))),
    h('button', { type: 'submit', class: 'small' }, 'Skip the task'),
    h('button', { type: 'button', class: 'small', onclick: () => { skipForm.hidden = true; } }, 'Cancel'));

  const shortcuts = h('details', { class: 'shortcuts', open: true, 'data-testid': 'shortcuts' }, h('summary', {}, 'Keyboard shortcuts'),
    h('table', {}, ...taskShortcuts.filter(s => !s.kinds || s.kinds.includes(task.kind)).map(s => h('tr', {}, h('td', {}, h('kbd', {}, s.keys)), h('td', {}, s.action)))));

  const qcBox = task.qcReasons.length > 0
    ? h('div', { class: 'qc-returned', 'data-testid': 'qc-returned' }, h('h3', {}, 'Returned by quality control'),
      h('ul', {}, ...task.qcReasons.map(r => h('li', {}, h('b', {}, r.code), ' — ', r.message))))
    : null;

  const header = h('div', { class: 'task-head' },
    h('a', { href: '#/worklist', class: 'back' }, '← Worklist'),
    h('h1', {}, `${capitalise(task.kind)} · ${task.modelId} v${task.modelVersion}`),
    h('div', { class: 'why' }, ...task.openedBecause.map(r => h('span', { class: `reason ${r.code.startsWith('qc:') ? 'qc' : r.code}`, title: r.message }, reasonName(r.code)))),
    h('div', { class: 'muted' }, `waiting ${waited(task.openedAt)}`, task.overdue ? ' · overdue' : '',
      task.requiredReads > 1 ? ` · read ${task.myRead?.readNumber ?? '?'} of ${task.requiredReads}` : '',
      task.myRead?.leaseUntil ? ` · yours until ${new Date(task.myRead.leaseUntil).toLocaleTimeString()}` : ''),
    editable ? null : h('div', { class: 'message error' }, `This task is ${task.readerState} for you: view only.`));

  const page = h('div', { class: `task-page kind-${task.kind}`, 'data-testid': 'task-page', 'data-task-id': task.taskId, 'data-kind': task.kind },
    header, qcBox ?? '',
    h('div', { class: 'workspace' },
      h('aside', { class: 'toolbar' }, tools, brushGroup, classGroup, overlayGroup, windowGroup, viewGroup),
      h('main', { class: 'stage' }, viewer.element, status),
      h('aside', { class: 'actions' }, submitButton, skipButton, skipForm, message, prefillNote(task, start), shortcuts)));
  root.replaceChildren(page);

  function refresh(): void {
    for (const [t, b] of toolButtons) b.classList.toggle('active', viewer.tool === t);
    const chosen = task.kind === 'classification' ? label.classId : viewer.drawClass;
    classButtons.forEach((b, id) => b.classList.toggle('active', id === chosen));
    brushSize.value = String(viewer.brushSize);
    brushValue.textContent = `${viewer.brushSize} px`;
    opacity.value = String(Math.round(viewer.opacity * 100));
    overlayToggle.checked = viewer.overlayVisible;
    undoButton.disabled = !label.canUndo;
    redoButton.disabled = !label.canRedo;
    const slice = viewer.sliceCount > 1 ? `slice ${viewer.sliceIndex + 1}/${viewer.sliceCount} (${viewer.sliceLabel()})` : viewer.sliceLabel();
    status.textContent = [
      slice + (viewer.onTaskSlice ? ' · task slice' : ' · not the task slice: labels are drawn on the task slice (Home)'),
      `W ${Math.round(viewer.window.width)} / L ${Math.round(viewer.window.center)}`,
      `zoom ${Math.round(viewer.scale * 100)}%`,
      `${viewer.columns}×${viewer.rows}`,
      task.kind === 'classification' ? `class: ${label.classId === null ? 'none chosen' : `${label.classId} ${task.classNames[label.classId] ?? ''}`}` : '',
    ].filter(Boolean).join(' · ');
    status.dataset.slice = String(viewer.sliceIndex + 1);
    status.dataset.slices = String(viewer.sliceCount);
  }

  viewer.onStateChange = refresh;
  label.onChange(refresh);

  function chooseClass(id: number): void {
    if (id < 0 || id >= task.classNames.length) return;
    if (task.kind === 'classification') {
      if (!editable || label.classId === id) return;
      const before = label.snapshot();
      label.classId = id;
      label.commit(before);
    } else {
      viewer.drawClass = id;
      viewer.classifySelectedBox(id);
    }
    refresh();
  }

  async function resetToPrefill(): Promise<void> {
    try {
      const prefill = prefillStart ?? (await fromPrefill(task));
      label.replace({ mask: prefill.mask, boxes: prefill.boxes, classId: prefill.classId });
    } catch (e) {
      say(`The pre-annotation cannot be loaded: ${(e as Error).message}`, 'error');
    }
  }

  let key: { version: number; id: string } | null = null;
  let busy = false;
  async function submit(): Promise<void> {
    if (!editable || busy) return;
    const body = labelBody(task, label);
    if (typeof body === 'string' && body.startsWith('!')) {
      say(body.slice(1), 'error');
      return;
    }
    // One key per version of the label: a retry of the same label is a replay, an edited label a new submission.
    if (!key || key.version !== label.version) key = { version: label.version, id: newId() };
    busy = true;
    submitButton.disabled = true;
    say('Submitting…');
    try {
      const receipt = await api.submit(task.taskId, body as { body: string; mediaType: string }, key.id);
      done({ message: `Submitted read ${receipt.readNumber} of ${receipt.requiredReads}: waiting for quality control.` });
    } catch (e) {
      say(e instanceof ApiError ? `Not submitted: ${e.detail}` : `Not submitted: ${(e as Error).message}`, 'error');
      submitButton.disabled = false;
    } finally {
      busy = false;
    }
  }

  function openSkip(): void {
    if (!editable) return;
    skipForm.hidden = false;
    skipReason.focus();
  }

  async function doSkip(): Promise<void> {
    const reason = skipReason.value.trim();
    if (!reason) {
      say('Say why you skip the task.', 'error');
      return;
    }
    try {
      await api.skip(task.taskId, reason);
      done({ message: 'Skipped: the task goes to another reader.' });
    } catch (e) {
      say(e instanceof ApiError ? `Not skipped: ${e.detail}` : (e as Error).message, 'error');
    }
  }

  const keys = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'text') {
      if (e.key === 'Escape') skipForm.hidden = true;
      return;
    }
    const ctrl = e.ctrlKey || e.metaKey;
    let handled = true;
    if (ctrl && e.key === 'Enter') void submit();
    else if (ctrl && (e.key === 'z' || e.key === 'Z')) { if (e.shiftKey) label.redo(); else label.undo(); }
    else if (ctrl && (e.key === 'y' || e.key === 'Y')) label.redo();
    else if (ctrl) handled = false;
    else if (e.shiftKey && /^Digit[1-9]$/.test(e.code)) {
      const preset = presets[Number(e.code.slice(5)) - 1];
      if (preset) viewer.setWindow(preset.window);
    } else if (/^[0-9]$/.test(e.key)) chooseClass(Number(e.key));
    else {
      switch (e.key) {
        case 'w': case 'W': viewer.setTool('wl'); break;
        case 'h': case 'H': viewer.setTool('pan'); break;
        case 'b': case 'B': if (task.kind === 'segmentation') viewer.setTool('brush'); break;
        case 'e': case 'E': if (task.kind === 'segmentation') viewer.setTool('eraser'); break;
        case 'f': case 'F': if (task.kind === 'segmentation') viewer.setTool('fill'); break;
        case 'r': case 'R': if (task.kind === 'detection') viewer.setTool('box'); break;
        case '[': viewer.setBrushSize(viewer.brushSize - 1); break;
        case ']': viewer.setBrushSize(viewer.brushSize + 1); break;
        case 'o': case 'O': viewer.toggleOverlay(); break;
        case ',': viewer.setOpacity(viewer.opacity - 0.1); break;
        case '.': viewer.setOpacity(viewer.opacity + 0.1); break;
        case 'Delete': case 'Backspace': viewer.deleteSelectedBox(); break;
        case 'ArrowUp': case 'PageUp': void viewer.scroll(-1); break;
        case 'ArrowDown': case 'PageDown': void viewer.scroll(1); break;
        case 'Home': void viewer.showSlice(viewer.taskSliceIndex); break;
        case '+': case '=': viewer.zoom(1.25); break;
        case '-': viewer.zoom(0.8); break;
        case 'z': case 'Z': viewer.fit(); break;
        case 's': case 'S': openSkip(); break;
        case 'Escape': done(null); break;
        default: handled = false;
      }
    }
    if (handled) {
      e.preventDefault();
      refresh();
    }
  };
  document.addEventListener('keydown', keys);

  const { slices, taskIndex } = await slicesOf(task);
  await viewer.setSlices(slices, taskIndex);
  refresh();
  viewer.canvas.focus();
  return () => document.removeEventListener('keydown', keys);
}

interface StartLabel extends Snapshot {
  fromPrefill: boolean;
  prefillAvailable: boolean;
  notice: string | null;
}

/** Where the reader starts: their own last label when QC returned it, else the model's pre-annotation, else empty. */
async function initialLabel(task: api.TaskView): Promise<StartLabel> {
  const last = task.myRead?.submissions.at(-1);
  if (last && (task.readerState === 'returned' || task.readerState === 'claimed')) {
    try {
      const own = await api.blob(last.labelUrl);
      return { ...(await parseLabel(task, own.bytes, own.mediaType)), fromPrefill: false, prefillAvailable: true, notice: null };
    } catch {
      // fall back to the prefill
    }
  }
  try {
    return await fromPrefill(task);
  } catch (e) {
    return { ...emptyLabel(task), fromPrefill: false, prefillAvailable: false, notice: `The model's pre-annotation cannot be shown (${(e as Error).message}); starting empty.` };
  }
}

async function fromPrefill(task: api.TaskView): Promise<StartLabel> {
  const prefill = await api.blob(task.prefill.url);
  return { ...(await parseLabel(task, prefill.bytes, prefill.mediaType || task.prefill.mediaType)), fromPrefill: true, prefillAvailable: true, notice: null };
}

async function parseLabel(task: api.TaskView, bytes: Uint8Array, mediaType: string): Promise<Snapshot> {
  const { rows, columns } = task.image;
  switch (task.kind) {
    case 'segmentation':
      return { mask: await Mask.fromLabel(bytes, mediaType, rows, columns), boxes: null, classId: null };
    case 'detection':
      return { mask: null, boxes: parseBoxes(new TextDecoder().decode(bytes)), classId: null };
    default: {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { classId?: number };
      return { mask: null, boxes: null, classId: typeof parsed.classId === 'number' ? parsed.classId : null };
    }
  }
}

function emptyLabel(task: api.TaskView): Snapshot {
  return {
    mask: task.kind === 'segmentation' ? new Mask(task.image.rows, task.image.columns) : null,
    boxes: task.kind === 'detection' ? [] : null,
    classId: null,
  };
}

/** The label as the service takes it, or "!reason" when there is nothing to submit. */
function labelBody(task: api.TaskView, label: LabelModel): { body: string; mediaType: string } | string {
  switch (task.kind) {
    case 'segmentation':
      return { body: label.mask!.toRle(), mediaType: rleMediaType };
    case 'detection':
      return { body: boxesJson(label.boxes ?? []), mediaType: boxesMediaType };
    default:
      if (label.classId === null) return '!Choose a class first (keys 0–9).';
      return { body: JSON.stringify({ classId: label.classId }), mediaType: classJsonMediaType };
  }
}

/** Every frame of every instance of the task's series, in instance order; the task's own frame among them. */
async function slicesOf(task: api.TaskView): Promise<{ slices: Slice[]; taskIndex: number }> {
  const image = task.image;
  let instances: dicomweb.DicomJson[];
  try {
    instances = await dicomweb.metadata(`${image.seriesUrl}/metadata`);
  } catch {
    instances = await dicomweb.metadata(image.metadataUrl);
  }
  instances.sort((a, b) => dicomweb.number(a, dicomweb.Tags.instanceNumber, 0) - dicomweb.number(b, dicomweb.Tags.instanceNumber, 0));
  const slices: Slice[] = [];
  let taskIndex = 0;
  for (const meta of instances) {
    const sop = dicomweb.text(meta, dicomweb.Tags.sopInstanceUid);
    const frames = Math.max(1, dicomweb.number(meta, dicomweb.Tags.numberOfFrames, 1));
    const number = dicomweb.number(meta, dicomweb.Tags.instanceNumber, NaN);
    for (let f = 1; f <= frames; f++) {
      if (sop === image.sopInstanceUid && f === image.frame) taskIndex = slices.length;
      const url = `${image.seriesUrl}/instances/${sop}/frames/${f}`;
      slices.push({
        label: `image ${Number.isFinite(number) ? number : '?'}${frames > 1 ? ` frame ${f}` : ''}`,
        load: async () => decodeFrame(meta, await dicomweb.frame(url)),
      });
    }
  }
  if (slices.length === 0) throw new Error('The series has no images.');
  return { slices, taskIndex };
}

function prefillNote(task: api.TaskView, start: StartLabel): HTMLElement {
  const text = start.fromPrefill
    ? "Starting from the model's pre-annotation: correct it."
    : start.prefillAvailable ? 'Starting from your last submission.' : 'Starting empty.';
  return h('p', { class: 'muted', 'data-testid': 'start-note' }, text, task.isAuditSample ? ' Audit sample: an independent second read.' : '');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
