/** A tiny element builder: text is always text (never parsed as HTML). */
export function h(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

export const when = (ms: number): string => (ms ? new Date(ms).toLocaleString() : 'never');

/** A unified diff with its lines coloured by kind. */
export function diffBlock(text: string): HTMLElement {
  const pre = h('pre', { class: 'diff', 'data-testid': 'diff' });
  for (const line of text.split('\n')) {
    const cls = line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : '';
    pre.append(h('span', cls ? { class: cls } : {}, line), '\n');
  }
  return pre;
}
