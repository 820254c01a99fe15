// Every keyboard shortcut of the task view, in one table: the handler and the help panel both read it.

export interface Shortcut {
  keys: string;
  action: string;
  /** Only for these task kinds (all when absent). */
  kinds?: ('segmentation' | 'classification' | 'detection')[];
}

export const taskShortcuts: Shortcut[] = [
  { keys: 'W', action: 'Window/level tool (or drag with the right button)' },
  { keys: 'H', action: 'Pan tool (or drag with the middle button)' },
  { keys: 'B', action: 'Brush', kinds: ['segmentation'] },
  { keys: 'E', action: 'Eraser', kinds: ['segmentation'] },
  { keys: 'F', action: 'Fill', kinds: ['segmentation'] },
  { keys: '[ / ]', action: 'Brush and eraser size − / +', kinds: ['segmentation'] },
  { keys: 'R', action: 'Box tool: drag to draw, drag a box to move, drag a corner to resize', kinds: ['detection'] },
  { keys: 'Delete', action: 'Delete the selected box', kinds: ['detection'] },
  { keys: '0 – 9', action: 'Choose that class' },
  { keys: 'O', action: 'Pre-annotation overlay on / off', kinds: ['segmentation', 'detection'] },
  { keys: ', / .', action: 'Overlay opacity − / +', kinds: ['segmentation', 'detection'] },
  { keys: 'Shift+1 – 6', action: 'Window presets' },
  { keys: '↑ / ↓, wheel', action: 'Previous / next slice' },
  { keys: 'Home', action: "Back to the task's slice" },
  { keys: '+ / − / Z', action: 'Zoom in / out / fit (Ctrl+wheel zooms at the pointer)' },
  { keys: 'Ctrl+Z / Ctrl+Y', action: 'Undo / redo' },
  { keys: 'Ctrl+Enter', action: 'Submit' },
  { keys: 'S', action: 'Skip with a reason' },
  { keys: 'Esc', action: 'Back to the worklist' },
];
