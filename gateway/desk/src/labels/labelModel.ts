// The label being edited for one task, whatever its kind, with undo/redo over whole snapshots.
import type { TaskKind } from '../api/annotations';
import { Box } from './boxes';
import { History } from './history';
import { Mask } from './mask';

export interface Snapshot {
  mask: Mask | null;
  boxes: Box[] | null;
  classId: number | null;
}

export class LabelModel {
  mask: Mask | null = null;
  boxes: Box[] | null = null;
  classId: number | null = null;
  /** Bumped on every change: the submit button's idempotency key belongs to one version. */
  version = 0;
  private readonly history = new History<Snapshot>();
  private readonly listeners: (() => void)[] = [];

  constructor(readonly kind: TaskKind) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  snapshot(): Snapshot {
    return { mask: this.mask?.clone() ?? null, boxes: this.boxes?.map(b => ({ ...b })) ?? null, classId: this.classId };
  }

  /** Replaces the label (a new start, e.g. the prefill or a reset); undoable. */
  replace(next: Snapshot): void {
    this.commit(this.snapshot());
    this.restore(next);
  }

  /** Records `before` as an undo step and tells listeners that the label changed. */
  commit(before: Snapshot): void {
    this.history.push(before);
    this.changed();
  }

  undo(): boolean {
    const previous = this.history.undo(this.snapshot());
    if (!previous) return false;
    this.restore(previous);
    return true;
  }

  redo(): boolean {
    const next = this.history.redo(this.snapshot());
    if (!next) return false;
    this.restore(next);
    return true;
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  /** Tells listeners about an edit already applied in place (a brush stroke in progress). */
  changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  private restore(s: Snapshot): void {
    this.mask = s.mask?.clone() ?? null;
    this.boxes = s.boxes?.map(b => ({ ...b })) ?? null;
    this.classId = s.classId;
    this.changed();
  }
}
