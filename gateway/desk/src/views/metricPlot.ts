// The held-out metric per round as an inline SVG drawn here (no chart library, no CDN): the candidate's figure the gate
// weighed (validation-case-weighted over the sites) and the then-current model's, one point per round that reached it.

export interface PlotPoint {
  round: number;
  version: number | null;
  candidate: number;
  current: number | null;
  published: boolean;
}

const svgNs = 'http://www.w3.org/2000/svg';
const width = 520;
const height = 220;
const pad = { left: 48, right: 16, top: 14, bottom: 34 };

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The y range: the figures' own span with a margin, never flat (one point or equal figures still get an axis). */
export function range(values: number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const margin = Math.max((hi - lo) * 0.1, 0.01);
  lo -= margin;
  hi += margin;
  return [lo, hi];
}

export function metricPlot(metric: string, points: PlotPoint[]): SVGElement {
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'plot', role: 'img', 'data-testid': 'metric-plot', 'data-points': points.length });
  svg.append(el('title', {}, `Held-out ${metric} per round`));
  if (points.length === 0) {
    svg.append(el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'plot-empty' }, 'No round has reached the gate yet.'));
    return svg;
  }
  const ys = points.flatMap(p => (p.current === null ? [p.candidate] : [p.candidate, p.current]));
  const [lo, hi] = range(ys);
  const first = points[0]!.round;
  const last = points[points.length - 1]!.round;
  const x = (round: number) => pad.left + (last === first ? 0.5 : (round - first) / (last - first)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - (v - lo) / (hi - lo)) * (height - pad.top - pad.bottom);

  // Axes with four gridlines and their values.
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    svg.append(el('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(el('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, v.toFixed(3)));
  }
  for (const p of points) svg.append(el('text', { x: x(p.round), y: height - pad.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, `r${p.round}`));
  svg.append(el('text', { x: width / 2, y: height - 4, 'text-anchor': 'middle', class: 'axis-label' }, `round (held-out ${metric}: candidate ●, current model ○)`));

  const withCurrent = points.filter(p => p.current !== null);
  if (withCurrent.length > 1)
    svg.append(el('polyline', { points: withCurrent.map(p => `${x(p.round)},${y(p.current!)}`).join(' '), class: 'series current' }));
  if (points.length > 1) svg.append(el('polyline', { points: points.map(p => `${x(p.round)},${y(p.candidate)}`).join(' '), class: 'series candidate' }));
  for (const p of withCurrent) svg.append(el('circle', { cx: x(p.round), cy: y(p.current!), r: 4, class: 'point current' }));
  for (const p of points) {
    const dot = el('circle', {
      cx: x(p.round), cy: y(p.candidate), r: 5, class: `point candidate ${p.published ? 'published' : 'rejected'}`,
      'data-testid': 'plot-point', 'data-round': p.round, 'data-value': p.candidate,
    });
    dot.append(el('title', {}, `round ${p.round}${p.version !== null ? `, version ${p.version}` : ''}: ${metric} ${p.candidate.toFixed(4)}` +
      (p.current !== null ? ` (current model ${p.current.toFixed(4)})` : '') + (p.published ? ', published' : ', not published')));
    svg.append(dot);
  }
  return svg;
}
