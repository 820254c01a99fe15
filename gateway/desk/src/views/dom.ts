// A small element builder: h('div', { class: 'x', onclick }, child, 'text').

type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

/** "3 min", "2 h 5 min", "4 d 3 h" since the instant. */
export function waited(since: string | null, now = Date.now()): string {
  if (!since) return '—';
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / 60000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A readable name of why a task was opened: "uncertainty", "QC flag: …", "audit sample". */
export function reasonName(code: string): string {
  if (code === 'uncertainty') return 'Uncertainty';
  if (code === 'audit-sample') return 'Audit sample';
  if (code.startsWith('qc:')) return `QC flag: ${code.slice(3)}`;
  return code;
}
