// A segmentation label at the image's own size: one byte per pixel, the class id (0 = background).
import { decodeGrayPng } from './png';

export const rleMediaType = 'application/vnd.fedbus.mask-rle+json';
export const pngMediaType = 'image/png';

export class Mask {
  readonly pixels: Uint8Array;

  constructor(readonly height: number, readonly width: number, pixels?: Uint8Array) {
    this.pixels = pixels ?? new Uint8Array(height * width);
    if (this.pixels.length !== height * width) throw new Error(`A ${height}×${width} mask needs ${height * width} values.`);
  }

  static async fromLabel(bytes: Uint8Array, mediaType: string, height: number, width: number): Promise<Mask> {
    let mask: Mask;
    if (mediaType === rleMediaType) {
      mask = Mask.fromRle(JSON.parse(new TextDecoder().decode(bytes)));
    } else {
      const png = await decodeGrayPng(bytes);
      mask = new Mask(png.height, png.width, png.pixels);
    }
    if (mask.height !== height || mask.width !== width)
      throw new Error(`The mask is ${mask.height}×${mask.width}, the image ${height}×${width}.`);
    return mask;
  }

  static fromRle(rle: { height: number; width: number; runs: [number, number][] }): Mask {
    const mask = new Mask(rle.height, rle.width);
    let at = 0;
    for (const [value, length] of rle.runs) {
      mask.pixels.fill(value, at, at + length);
      at += length;
    }
    return mask;
  }

  clone(): Mask {
    return new Mask(this.height, this.width, this.pixels.slice());
  }

  /**
   * Paints every pixel whose centre lies within `radius` of the segment a→b (image coordinates, pixel (r, c) covering
   * [c, c+1)×[r, r+1)): a stroke is the union of its segments, so its shape does not depend on how the pointer events
   * were spaced. Returns whether a pixel changed.
   */
  paintSegment(ax: number, ay: number, bx: number, by: number, radius: number, value: number): boolean {
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - radius));
    const x1 = Math.min(this.width - 1, Math.ceil(Math.max(ax, bx) + radius));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by) - radius));
    const y1 = Math.min(this.height - 1, Math.ceil(Math.max(ay, by) + radius));
    const r2 = radius * radius;
    let changed = false;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        if (distanceSquared(x + 0.5, y + 0.5, ax, ay, bx, by) > r2) continue;
        const i = y * this.width + x;
        if (this.pixels[i] !== value) {
          this.pixels[i] = value;
          changed = true;
        }
      }
    }
    return changed;
  }

  /** Flood-fills the 4-connected region of equal value around (x, y) with `value`; returns whether a pixel changed. */
  fill(x: number, y: number, value: number): boolean {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return false;
    const target = this.pixels[y * this.width + x]!;
    if (target === value) return false;
    const stack = [y * this.width + x];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (this.pixels[i] !== target) continue;
      this.pixels[i] = value;
      const px = i % this.width;
      if (px > 0) stack.push(i - 1);
      if (px < this.width - 1) stack.push(i + 1);
      if (i >= this.width) stack.push(i - this.width);
      if (i < this.pixels.length - this.width) stack.push(i + this.width);
    }
    return true;
  }

  /** The mask as the service's RLE (row-major runs of [classId, length]). */
  toRle(): string {
    const runs: [number, number][] = [];
    const p = this.pixels;
    for (let i = 0; i < p.length; ) {
      let j = i + 1;
      while (j < p.length && p[j] === p[i]) j++;
      runs.push([p[i]!, j - i]);
      i = j;
    }
    return JSON.stringify({ height: this.height, width: this.width, runs });
  }

  equals(other: Mask): boolean {
    return this.height === other.height && this.width === other.width && this.pixels.every((v, i) => v === other.pixels[i]);
  }
}

/** Squared distance from (px, py) to the segment a→b. */
export function distanceSquared(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  let t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0;
  t = Math.min(1, Math.max(0, t));
  const qx = ax + t * dx;
  const qy = ay + t * dy;
  return (px - qx) * (px - qx) + (py - qy) * (py - qy);
}
