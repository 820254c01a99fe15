// Detection labels: boxes in pixel edges of the image (x along columns, y along rows), each with a class.

export const boxesMediaType = 'application/vnd.fedbus.boxes+json';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  classId: number;
}

export type Corner = 'nw' | 'ne' | 'sw' | 'se';

export function parseBoxes(json: string): Box[] {
  const parsed = JSON.parse(json) as { boxes?: Box[] };
  return (parsed.boxes ?? []).map(b => ({ x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1, classId: b.classId }));
}

/** The label the service accepts: edges as drawn (whole pixels), scores dropped. */
export function boxesJson(boxes: Box[]): string {
  return JSON.stringify({ boxes: boxes.map(b => ({ x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1, classId: b.classId })) });
}

export function normalise(b: Box): Box {
  return { x0: Math.min(b.x0, b.x1), y0: Math.min(b.y0, b.y1), x1: Math.max(b.x0, b.x1), y1: Math.max(b.y0, b.y1), classId: b.classId };
}

export function area(b: Box): number {
  return Math.abs(b.x1 - b.x0) * Math.abs(b.y1 - b.y0);
}

export function contains(b: Box, x: number, y: number): boolean {
  const n = normalise(b);
  return x >= n.x0 && x <= n.x1 && y >= n.y0 && y <= n.y1;
}

export function cornerPoint(b: Box, corner: Corner): [number, number] {
  return [corner.endsWith('w') ? b.x0 : b.x1, corner.startsWith('n') ? b.y0 : b.y1];
}

/** The box with one corner moved to (x, y). */
export function withCorner(b: Box, corner: Corner, x: number, y: number): Box {
  const out = { ...b };
  if (corner.endsWith('w')) out.x0 = x; else out.x1 = x;
  if (corner.startsWith('n')) out.y0 = y; else out.y1 = y;
  return out;
}

/** The box moved by (dx, dy), kept inside a width × height image. */
export function moved(b: Box, dx: number, dy: number, width: number, height: number): Box {
  const n = normalise(b);
  const x = Math.min(Math.max(n.x0 + dx, 0), width - (n.x1 - n.x0));
  const y = Math.min(Math.max(n.y0 + dy, 0), height - (n.y1 - n.y0));
  return { x0: x, y0: y, x1: x + (n.x1 - n.x0), y1: y + (n.y1 - n.y0), classId: b.classId };
}
