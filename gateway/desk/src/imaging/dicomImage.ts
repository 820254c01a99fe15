// A decoded frame: modality values (stored value × slope + intercept) for grayscale, RGB bytes for colour.
import { DicomJson, Tags, number, text } from '../api/dicomweb';
import { Window } from './windowing';

export interface DicomImage {
  rows: number;
  columns: number;
  /** Grayscale: modality values, rows × columns. Null for colour. */
  values: Float32Array | null;
  /** Colour: RGB, 3 bytes per pixel (interleaved). Null for grayscale. */
  rgb: Uint8Array | null;
  /** MONOCHROME1: higher values are darker. */
  inverted: boolean;
  /** The window the instance names, else the full range of the values. */
  defaultWindow: Window;
  /** Smallest and largest modality value (for the "full range" preset and drag sensitivity). */
  min: number;
  max: number;
}

export function decodeFrame(meta: DicomJson, bytes: Uint8Array): DicomImage {
  const rows = number(meta, Tags.rows, 0);
  const columns = number(meta, Tags.columns, 0);
  const samples = number(meta, Tags.samplesPerPixel, 1);
  const bitsAllocated = number(meta, Tags.bitsAllocated, 16);
  const bitsStored = number(meta, Tags.bitsStored, bitsAllocated);
  const signed = number(meta, Tags.pixelRepresentation, 0) === 1;
  const photometric = text(meta, Tags.photometric, 'MONOCHROME2').trim();
  const pixels = rows * columns;
  if (pixels <= 0) throw new Error('The instance names no image size.');

  if (samples === 3) {
    if (bitsAllocated !== 8) throw new Error(`Colour images with ${bitsAllocated} bits are not shown.`);
    if (bytes.length < pixels * 3) throw new Error('The frame is shorter than its size.');
    const planar = number(meta, Tags.planarConfiguration, 0) === 1;
    const rgb = new Uint8Array(pixels * 3);
    for (let i = 0; i < pixels; i++)
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = planar ? bytes[c * pixels + i]! : bytes[i * 3 + c]!;
    return { rows, columns, values: null, rgb, inverted: false, defaultWindow: { center: 127.5, width: 256 }, min: 0, max: 255 };
  }
  if (samples !== 1) throw new Error(`${samples} samples per pixel are not shown.`);

  const slope = number(meta, Tags.rescaleSlope, 1);
  const intercept = number(meta, Tags.rescaleIntercept, 0);
  const bytesPer = bitsAllocated / 8;
  if (bytesPer !== 1 && bytesPer !== 2 && bytesPer !== 4) throw new Error(`${bitsAllocated} bits allocated are not shown.`);
  if (bytes.length < pixels * bytesPer) throw new Error('The frame is shorter than its size.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
  const signBit = 2 ** (bitsStored - 1);
  const values = new Float32Array(pixels);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < pixels; i++) {
    let raw = bytesPer === 1 ? view.getUint8(i) : bytesPer === 2 ? view.getUint16(i * 2, true) : view.getUint32(i * 4, true);
    raw = bitsStored >= 32 ? raw : raw & mask;
    const stored = signed && raw >= signBit ? raw - 2 * signBit : raw;
    const v = stored * slope + intercept;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const center = number(meta, Tags.windowCenter, NaN);
  const width = number(meta, Tags.windowWidth, NaN);
  const defaultWindow = Number.isFinite(center) && width > 0 ? { center, width } : fullRange(min, max);
  return { rows, columns, values, rgb: null, inverted: photometric === 'MONOCHROME1', defaultWindow, min, max };
}

export function fullRange(min: number, max: number): Window {
  return { center: (min + max) / 2, width: Math.max(1, max - min + 1) };
}
