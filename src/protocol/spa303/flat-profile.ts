/**
 * The SPA `<flat-profile>` XML: the format the phone reports its configuration in
 * (/admin/spacfg.xml) and loads profiles from (resync). Only the small XML subset these
 * documents use is supported: elements, attributes, text, entities, comments, CDATA and the
 * `<?xml ?>` declaration.
 *
 * This is the protocol both sides speak: the spa_phone module (engine) and the SPA303 emulator
 * (lab) import it from here, so the engine never depends on the emulator.
 */

export interface ProfileEntry {
  name: string;
  value: string;
  group?: string | undefined;
}

export class ProfileSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at offset ${offset})`);
    this.name = 'ProfileSyntaxError';
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

export function xmlUnescape(text: string, offset = 0): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);|&/g, (whole, ent: string | undefined) => {
    if (ent === undefined) throw new ProfileSyntaxError('bare "&" in text (write &amp;)', offset);
    if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    const v = ENTITIES[ent];
    if (v === undefined) throw new ProfileSyntaxError(`unknown entity ${whole}`, offset);
    return v;
  });
}

interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*/;

/** A minimal, strict XML reader: enough for profiles, errors on anything malformed. */
function parseXml(src: string): Element {
  const root: Element = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: Element[] = [root];
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > i) (stack[stack.length - 1] as Element).text += xmlUnescape(src.slice(i, textEnd), i);
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end < 0) throw new ProfileSyntaxError('unterminated comment', i);
      i = end + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const end = src.indexOf(']]>', i + 9);
      if (end < 0) throw new ProfileSyntaxError('unterminated CDATA', i);
      (stack[stack.length - 1] as Element).text += src.slice(i + 9, end);
      i = end + 3;
    } else if (src.startsWith('<?', i) || src.startsWith('<!', i)) {
      const end = src.indexOf('>', i);
      if (end < 0) throw new ProfileSyntaxError('unterminated declaration', i);
      i = end + 1;
    } else if (src.startsWith('</', i)) {
      const m = NAME.exec(src.slice(i + 2));
      const close = src.indexOf('>', i);
      const top = stack[stack.length - 1] as Element;
      if (!m || close < 0 || stack.length === 1) throw new ProfileSyntaxError('stray closing tag', i);
      if (m[0] !== top.name) throw new ProfileSyntaxError(`</${m[0]}> closes <${top.name}>`, i);
      stack.pop();
      i = close + 1;
    } else {
      const m = NAME.exec(src.slice(i + 1));
      if (!m) throw new ProfileSyntaxError('bad tag', i);
      const el: Element = { name: m[0], attrs: {}, children: [], text: '' };
      i += 1 + m[0].length;
      const attr = /\s*([A-Za-z_][A-Za-z0-9_.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')|\s*(\/?>)/y;
      for (;;) {
        attr.lastIndex = i;
        const a = attr.exec(src);
        if (!a) throw new ProfileSyntaxError(`bad attribute in <${el.name}>`, i);
        i = attr.lastIndex;
        if (a[4] !== undefined) {
          (stack[stack.length - 1] as Element).children.push(el);
          if (a[4] === '>') stack.push(el);
          break;
        }
        el.attrs[a[1] as string] = xmlUnescape(a[2] ?? a[3] ?? '', i);
      }
    }
  }
  if (stack.length > 1) throw new ProfileSyntaxError(`<${(stack[stack.length - 1] as Element).name}> is never closed`, src.length);
  return root;
}

/**
 * Every parameter of every `<flat-profile>` in the document, in document order (so a later
 * duplicate wins when folded into a map). Values are trimmed; element names are kept as written
 * (they are case-sensitive); attributes other than `group` (e.g. `ua`) are ignored.
 */
export function parseFlatProfile(xml: string): ProfileEntry[] {
  const out: ProfileEntry[] = [];
  const visit = (el: Element): void => {
    for (const child of el.children) {
      if (child.name === 'flat-profile') {
        for (const param of child.children) {
          if (param.name === 'flat-profile') visit({ ...param, children: [param] });
          else out.push({ name: param.name, value: param.text.trim(), group: param.attrs.group });
        }
      } else visit(child);
    }
  };
  visit(parseXml(xml));
  return out;
}

/** Folds entries into name → value, the last occurrence of a name winning. */
export function profileValues(entries: readonly ProfileEntry[]): Map<string, string> {
  return new Map(entries.map((e) => [e.name, e.value]));
}

export function renderFlatProfile(entries: readonly ProfileEntry[]): string {
  const lines = entries.map((e) => {
    const group = e.group === undefined ? '' : ` group="${xmlEscape(e.group)}"`;
    return `<${e.name}${group}>${xmlEscape(e.value)}</${e.name}>`;
  });
  return `<flat-profile>\n${lines.join('\n')}\n</flat-profile>\n`;
}

/** XML element names a parameter may have (what the phone's names look like). */
export const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * What spacfg.xml shows instead of a password that is set (the emulator's and, reportedly, the
 * SPA3xx's form); an unset password reads as empty.
 */
export const PASSWORD_MASK = '*************';
