// Window/level (VOI LUT function LINEAR, PS3.3 C.11.2.1.2.1) from modality values to 8-bit display values.
import type { DicomImage } from './dicomImage';

export interface Window {
  center: number;
  width: number;
}

export interface WindowPreset {
  name: string;
  /** Null: the image's own window (from the instance, else its full range). */
  window: Window | null;
  /** Shown key; the handler matches on KeyboardEvent.code Digit1.. with Shift. */
  key: string;
}

export const presets: WindowPreset[] = [
  { name: 'Image', window: null, key: 'Shift+1' },
  { name: 'Full range', window: { center: NaN, width: NaN }, key: 'Shift+2' },
  { name: 'Brain', window: { center: 40, width: 80 }, key: 'Shift+3' },
  { name: 'Soft tissue', window: { center: 40, width: 400 }, key: 'Shift+4' },
  { name: 'Bone', window: { center: 400, width: 1800 }, key: 'Shift+5' },
  { name: 'Lung', window: { center: -600, width: 1500 }, key: 'Shift+6' },
];

/** The display value (0..255) of one modality value. */
export function displayValue(x: number, window: Window): number {
  const c = window.center;
  const w = Math.max(1, window.width);
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 255;
  return Math.round(((x - (c - 0.5)) / (w - 1) + 0.5) * 255);
}

/** Renders the frame into RGBA with the window (grayscale) or as is (colour). */
export function render(image: DicomImage, window: Window, into: ImageData): void {
  const out = into.data;
  const n = image.rows * image.columns;
  if (image.rgb) {
    for (let i = 0; i < n; i++) {
      out[i * 4] = image.rgb[i * 3]!;
      out[i * 4 + 1] = image.rgb[i * 3 + 1]!;
      out[i * 4 + 2] = image.rgb[i * 3 + 2]!;
      out[i * 4 + 3] = 255;
    }
    return;
  }
  const values = image.values!;
  for (let i = 0; i < n; i++) {
    let g = displayValue(values[i]!, window);
    if (image.inverted) g = 255 - g;
    out[i * 4] = g;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = g;
    out[i * 4 + 3] = 255;
  }
}
