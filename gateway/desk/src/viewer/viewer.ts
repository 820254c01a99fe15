// The image on a canvas: window/level, zoom, pan, slices, and the label as an editable overlay.
// View transform: screen = image × scale + offset (CSS pixels of the canvas). The current transform and window are
// mirrored on the canvas's data attributes, so a test can aim at image coordinates and check what it sees.
import type { DicomImage } from '../imaging/dicomImage';
import { fullRange } from '../imaging/dicomImage';
import { Window, render } from '../imaging/windowing';
import { Box, Corner, area, contains, cornerPoint, moved, normalise, withCorner } from '../labels/boxes';
import { LabelModel, Snapshot } from '../labels/labelModel';

export type Tool = 'wl' | 'pan' | 'brush' | 'eraser' | 'fill' | 'box';

export interface Slice {
  label: string;
  load: () => Promise<DicomImage>;
}

/** Class colours of the overlay (class 0 = background stays transparent). */
export const palette: [number, number, number][] = [
  [0, 0, 0], [255, 64, 64], [64, 200, 255], [255, 210, 0], [80, 230, 80], [220, 90, 255], [255, 140, 0], [0, 230, 200], [255, 120, 180],
];

type Drag =
  | { kind: 'wl' | 'pan'; x: number; y: number }
  | { kind: 'paint'; value: number; x: number; y: number; before: Snapshot; changed: boolean }
  | { kind: 'new-box'; before: Snapshot; x: number; y: number }
  | { kind: 'move-box'; before: Snapshot; index: number; origin: Box; x: number; y: number }
  | { kind: 'resize-box'; before: Snapshot; index: number; corner: Corner };

const handleRadius = 7;

export class Viewer {
  readonly element: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly imageLayer = document.createElement('canvas');
  private readonly overlayLayer = document.createElement('canvas');
  private image: DicomImage | null = null;
  private slices: Slice[] = [];
  private readonly cache = new Map<number, Promise<DicomImage>>();
  private drag: Drag | null = null;
  private cursor: { x: number; y: number } | null = null;
  private fitted = false;

  scale = 1;
  ox = 0;
  oy = 0;
  window: Window = { center: 0, width: 1 };
  sliceIndex = 0;
  taskSliceIndex = 0;
  tool: Tool = 'wl';
  brushSize = 5;
  /** The class new strokes and boxes get. */
  drawClass = 1;
  opacity = 0.5;
  overlayVisible = true;
  selectedBox: number | null = null;
  /** Called after anything the toolbar shows changed (window, slice, tool, zoom). */
  onStateChange: () => void = () => {};

  constructor(private readonly label: LabelModel) {
    this.element = document.createElement('div');
    this.element.className = 'viewer';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'viewer-canvas';
    this.canvas.tabIndex = 0;
    this.element.append(this.canvas);
    this.ctx = this.canvas.getContext('2d')!;
    label.onChange(() => {
      this.paintOverlay();
      this.draw();
    });
    this.canvas.addEventListener('pointerdown', e => this.pointerDown(e));
    this.canvas.addEventListener('pointermove', e => this.pointerMove(e));
    this.canvas.addEventListener('pointerup', e => this.pointerUp(e));
    this.canvas.addEventListener('pointerleave', () => {
      this.cursor = null;
      this.draw();
    });
    this.canvas.addEventListener('contextmenu', e => e.preventDefault());
    this.canvas.addEventListener('wheel', e => this.wheel(e), { passive: false });
    new ResizeObserver(() => this.resize()).observe(this.element);
  }

  get rows(): number {
    return this.image?.rows ?? 0;
  }

  get columns(): number {
    return this.image?.columns ?? 0;
  }

  /** Drawing happens on the task's own slice only; others are for looking. */
  get onTaskSlice(): boolean {
    return this.sliceIndex === this.taskSliceIndex;
  }

  async setSlices(slices: Slice[], taskIndex: number): Promise<void> {
    this.slices = slices;
    this.cache.clear();
    this.taskSliceIndex = taskIndex;
    await this.showSlice(taskIndex, true);
  }

  get sliceCount(): number {
    return this.slices.length;
  }

  async showSlice(index: number, resetWindow = false): Promise<void> {
    if (index < 0 || index >= this.slices.length) return;
    let loading = this.cache.get(index);
    if (!loading) {
      loading = this.slices[index]!.load();
      this.cache.set(index, loading);
    }
    this.sliceIndex = index;
    const image = await loading;
    if (this.sliceIndex !== index) return;
    const first = this.image === null;
    this.image = image;
    if (first || resetWindow) this.window = { ...image.defaultWindow };
    this.imageLayer.width = image.columns;
    this.imageLayer.height = image.rows;
    this.overlayLayer.width = image.columns;
    this.overlayLayer.height = image.rows;
    if (!this.fitted) this.fit();
    this.paintImage();
    this.paintOverlay();
    this.draw();
  }

  scroll(delta: number): Promise<void> {
    return this.showSlice(Math.min(this.slices.length - 1, Math.max(0, this.sliceIndex + delta)));
  }

  sliceLabel(): string {
    return this.slices[this.sliceIndex]?.label ?? '';
  }

  setWindow(window: Window | null): void {
    if (!this.image) return;
    if (window === null) this.window = { ...this.image.defaultWindow };
    else if (Number.isNaN(window.center)) this.window = fullRange(this.image.min, this.image.max);
    else this.window = { ...window };
    this.paintImage();
    this.draw();
  }

  setTool(tool: Tool): void {
    this.tool = tool;
    this.draw();
  }

  setOpacity(opacity: number): void {
    this.opacity = Math.min(1, Math.max(0, opacity));
    this.draw();
  }

  toggleOverlay(): void {
    this.overlayVisible = !this.overlayVisible;
    this.draw();
  }

  setBrushSize(size: number): void {
    this.brushSize = Math.min(99, Math.max(1, Math.round(size)));
    this.draw();
  }

  /** Fits the image into the canvas, centred. */
  fit(): void {
    const { width, height } = this.canvasSize();
    if (!this.image || width === 0 || height === 0) return;
    this.scale = Math.min(width / this.image.columns, height / this.image.rows) * 0.95;
    this.ox = (width - this.image.columns * this.scale) / 2;
    this.oy = (height - this.image.rows * this.scale) / 2;
    this.fitted = true;
    this.draw();
  }

  /** Zooms by `factor` keeping the screen point (x, y) (default: the centre) over the same image point. */
  zoom(factor: number, x?: number, y?: number): void {
    const { width, height } = this.canvasSize();
    const cx = x ?? width / 2;
    const cy = y ?? height / 2;
    const next = Math.min(64, Math.max(0.05, this.scale * factor));
    const f = next / this.scale;
    this.ox = cx - (cx - this.ox) * f;
    this.oy = cy - (cy - this.oy) * f;
    this.scale = next;
    this.draw();
  }

  deleteSelectedBox(): void {
    if (this.selectedBox === null || !this.label.boxes) return;
    const before = this.label.snapshot();
    this.label.boxes.splice(this.selectedBox, 1);
    this.selectedBox = null;
    this.label.commit(before);
  }

  /** Gives the selected box (if any) the class; returns whether one was changed. */
  classifySelectedBox(classId: number): boolean {
    const box = this.selectedBox !== null ? this.label.boxes?.[this.selectedBox] : undefined;
    if (!box || box.classId === classId) return false;
    const before = this.label.snapshot();
    box.classId = classId;
    this.label.commit(before);
    return true;
  }

  /** Image coordinates of a pointer event. */
  toImage(e: { clientX: number; clientY: number }): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [(e.clientX - rect.left - this.ox) / this.scale, (e.clientY - rect.top - this.oy) / this.scale];
  }

  private canvasSize(): { width: number; height: number } {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }

  private resize(): void {
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = this.canvasSize();
    this.canvas.width = Math.max(1, Math.round(width * dpr));
    this.canvas.height = Math.max(1, Math.round(height * dpr));
    if (!this.fitted) this.fit();
    this.draw();
  }

  private paintImage(): void {
    if (!this.image) return;
    const ctx = this.imageLayer.getContext('2d')!;
    const data = ctx.createImageData(this.image.columns, this.image.rows);
    render(this.image, this.window, data);
    ctx.putImageData(data, 0, 0);
  }

  private paintOverlay(): void {
    const mask = this.label.mask;
    if (!mask || this.overlayLayer.width !== mask.width || this.overlayLayer.height !== mask.height) return;
    const ctx = this.overlayLayer.getContext('2d')!;
    const data = ctx.createImageData(mask.width, mask.height);
    const out = data.data;
    for (let i = 0; i < mask.pixels.length; i++) {
      const v = mask.pixels[i]!;
      if (v === 0) continue;
      const [r, g, b] = palette[v % palette.length] ?? palette[1]!;
      out[i * 4] = r;
      out[i * 4 + 1] = g;
      out[i * 4 + 2] = b;
      out[i * 4 + 3] = 255;
    }
    ctx.putImageData(data, 0, 0);
  }

  /** Draws everything now (synchronously: what a test reads back is what was last drawn). */
  draw(): void {
    const ctx = this.ctx;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    if (this.image) {
      ctx.setTransform(dpr * this.scale, 0, 0, dpr * this.scale, dpr * this.ox, dpr * this.oy);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(this.imageLayer, 0, 0);
      const overlay = this.overlayVisible && this.onTaskSlice;
      if (overlay && this.label.mask) {
        ctx.globalAlpha = this.opacity;
        ctx.drawImage(this.overlayLayer, 0, 0);
        ctx.globalAlpha = 1;
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      if (overlay && this.label.boxes) this.drawBoxes(ctx);
      if (this.cursor && this.onTaskSlice && (this.tool === 'brush' || this.tool === 'eraser')) {
        ctx.strokeStyle = this.tool === 'brush' ? '#fff' : '#f88';
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.arc(this.cursor.x, this.cursor.y, (this.brushSize / 2) * this.scale, 0, Math.PI * 2);
        ctx.stroke();
      }
    }
    const d = this.canvas.dataset;
    d.scale = String(this.scale);
    d.ox = String(this.ox);
    d.oy = String(this.oy);
    d.windowCenter = String(this.window.center);
    d.windowWidth = String(this.window.width);
    d.slice = String(this.sliceIndex);
    d.ready = this.image ? 'true' : 'false';
    this.onStateChange();
  }

  private drawBoxes(ctx: CanvasRenderingContext2D): void {
    this.label.boxes!.forEach((box, i) => {
      const b = normalise(box);
      const [r, g, bl] = palette[b.classId % palette.length] ?? palette[1]!;
      const x = b.x0 * this.scale + this.ox;
      const y = b.y0 * this.scale + this.oy;
      const w = (b.x1 - b.x0) * this.scale;
      const h = (b.y1 - b.y0) * this.scale;
      ctx.globalAlpha = Math.max(0.25, this.opacity);
      ctx.strokeStyle = `rgb(${r},${g},${bl})`;
      ctx.lineWidth = i === this.selectedBox ? 3 : 2;
      ctx.strokeRect(x, y, w, h);
      ctx.globalAlpha = 1;
      ctx.fillStyle = `rgb(${r},${g},${bl})`;
      ctx.font = '12px sans-serif';
      ctx.fillText(String(b.classId), x + 3, y + 13);
      if (i === this.selectedBox) {
        for (const corner of ['nw', 'ne', 'sw', 'se'] as Corner[]) {
          const [cx, cy] = cornerPoint(box, corner);
          ctx.fillRect(cx * this.scale + this.ox - 4, cy * this.scale + this.oy - 4, 8, 8);
        }
      }
    });
  }

  private pointerDown(e: PointerEvent): void {
    if (!this.image) return;
    this.canvas.focus();
    this.canvas.setPointerCapture(e.pointerId);
    e.preventDefault();
    const tool: Tool = e.button === 1 ? 'pan' : e.button === 2 ? 'wl' : this.tool;
    const [ix, iy] = this.toImage(e);
    const editable = this.onTaskSlice;
    if (tool === 'wl' || tool === 'pan') {
      this.drag = { kind: tool, x: e.clientX, y: e.clientY };
    } else if (!editable) {
      this.drag = null;
    } else if ((tool === 'brush' || tool === 'eraser') && this.label.mask) {
      const value = tool === 'brush' ? this.drawClass : 0;
      const before = this.label.snapshot();
      const changed = this.label.mask.paintSegment(ix, iy, ix, iy, this.brushSize / 2, value);
      this.drag = { kind: 'paint', value, x: ix, y: iy, before, changed };
      if (changed) this.label.changed();
    } else if (tool === 'fill' && this.label.mask) {
      const before = this.label.snapshot();
      if (this.label.mask.fill(Math.floor(ix), Math.floor(iy), this.drawClass)) this.label.commit(before);
    } else if (tool === 'box' && this.label.boxes) {
      this.startBoxDrag(e, ix, iy);
    }
  }

  private startBoxDrag(e: PointerEvent, ix: number, iy: number): void {
    const boxes = this.label.boxes!;
    const before = this.label.snapshot();
    if (this.selectedBox !== null && boxes[this.selectedBox]) {
      const box = boxes[this.selectedBox]!;
      const rect = this.canvas.getBoundingClientRect();
      for (const corner of ['nw', 'ne', 'sw', 'se'] as Corner[]) {
        const [cx, cy] = cornerPoint(box, corner);
        const sx = cx * this.scale + this.ox + rect.left;
        const sy = cy * this.scale + this.oy + rect.top;
        if (Math.abs(sx - e.clientX) <= handleRadius && Math.abs(sy - e.clientY) <= handleRadius) {
          this.drag = { kind: 'resize-box', before, index: this.selectedBox, corner };
          return;
        }
      }
    }
    for (let i = boxes.length - 1; i >= 0; i--) {
      if (contains(boxes[i]!, ix, iy)) {
        this.selectedBox = i;
        this.drag = { kind: 'move-box', before, index: i, origin: { ...boxes[i]! }, x: ix, y: iy };
        this.draw();
        return;
      }
    }
    const [x, y] = this.edge(ix, iy);
    boxes.push({ x0: x, y0: y, x1: x, y1: y, classId: this.drawClass });
    this.selectedBox = boxes.length - 1;
    this.drag = { kind: 'new-box', before, x, y };
    this.draw();
  }

  private pointerMove(e: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    this.cursor = { x: e.clientX - rect.left, y: e.clientY - rect.top };
    const drag = this.drag;
    if (!drag || !this.image) {
      this.draw();
      return;
    }
    const [ix, iy] = this.toImage(e);
    switch (drag.kind) {
      case 'wl': {
        const sensitivity = Math.max(0.1, (this.image.max - this.image.min) / 400);
        this.window = {
          center: this.window.center + (e.clientY - drag.y) * sensitivity,
          width: Math.max(1, this.window.width + (e.clientX - drag.x) * sensitivity),
        };
        drag.x = e.clientX;
        drag.y = e.clientY;
        this.paintImage();
        this.draw();
        break;
      }
      case 'pan':
        this.ox += e.clientX - drag.x;
        this.oy += e.clientY - drag.y;
        drag.x = e.clientX;
        drag.y = e.clientY;
        this.draw();
        break;
      case 'paint':
        this.paintTo(drag, ix, iy);
        break;
      case 'new-box': {
        const [x, y] = this.edge(ix, iy);
        const box = this.label.boxes![this.selectedBox!]!;
        box.x1 = x;
        box.y1 = y;
        this.draw();
        break;
      }
      case 'move-box': {
        this.label.boxes![drag.index] = moved(drag.origin, Math.round(ix - drag.x), Math.round(iy - drag.y), this.image.columns, this.image.rows);
        this.draw();
        break;
      }
      case 'resize-box': {
        const [x, y] = this.edge(ix, iy);
        this.label.boxes![drag.index] = withCorner(this.label.boxes![drag.index]!, drag.corner, x, y);
        this.draw();
        break;
      }
    }
  }

  private pointerUp(e: PointerEvent): void {
    const drag = this.drag;
    this.drag = null;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    if (!drag) return;
    const [ix, iy] = this.toImage(e);
    switch (drag.kind) {
      case 'paint':
        this.paintTo(drag, ix, iy);
        if (drag.changed) this.label.commit(drag.before);
        break;
      case 'new-box':
      case 'move-box':
      case 'resize-box': {
        const boxes = this.label.boxes!;
        const index = drag.kind === 'new-box' ? this.selectedBox! : drag.index;
        const box = normalise(boxes[index]!);
        if (area(box) === 0) {
          // A click, not a box: nothing drawn.
          boxes.splice(index, 1);
          this.selectedBox = null;
          if (drag.kind === 'new-box') {
            this.draw();
            break;
          }
        } else {
          boxes[index] = box;
        }
        const same = JSON.stringify(drag.before.boxes) === JSON.stringify(boxes);
        if (same) this.draw();
        else this.label.commit(drag.before);
        break;
      }
      default:
        this.onStateChange();
    }
  }

  private paintTo(drag: Extract<Drag, { kind: 'paint' }>, ix: number, iy: number): void {
    if (this.label.mask!.paintSegment(drag.x, drag.y, ix, iy, this.brushSize / 2, drag.value)) {
      drag.changed = true;
      this.paintOverlay();
    }
    drag.x = ix;
    drag.y = iy;
    this.draw();
  }

  /** The nearest whole-pixel edge inside the image: boxes are drawn on pixel edges. */
  private edge(ix: number, iy: number): [number, number] {
    return [Math.min(this.columns, Math.max(0, Math.round(ix))), Math.min(this.rows, Math.max(0, Math.round(iy)))];
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) {
      const rect = this.canvas.getBoundingClientRect();
      this.zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - rect.left, e.clientY - rect.top);
    } else {
      void this.scroll(e.deltaY > 0 ? 1 : -1);
    }
  }
}
