/**
 * A small XML reader for libvirt's regular documents: elements, attributes, text. Comments,
 * processing instructions and DOCTYPE are skipped; CDATA is text. Not a validating parser.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

export class XmlError extends Error {}

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let i = 0;
  const top = () => stack[stack.length - 1] ?? root;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt < 0) {
      top().text += decodeEntities(source.slice(i));
      break;
    }
    if (lt > i) top().text += decodeEntities(source.slice(i, lt));
    if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt + 4);
      if (end < 0) throw new XmlError('unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt + 9);
      if (end < 0) throw new XmlError('unterminated CDATA section');
      top().text += source.slice(lt + 9, end);
      i = end + 3;
    } else if (source.startsWith('<?', lt) || source.startsWith('<!', lt)) {
      const end = source.indexOf('>', lt);
      if (end < 0) throw new XmlError('unterminated declaration');
      i = end + 1;
    } else if (source.startsWith('</', lt)) {
      const end = source.indexOf('>', lt);
      const name = source.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open || open === root || open.name !== name) throw new XmlError(`unexpected </${name}>${open && open !== root ? ` (open element is <${open.name}>)` : ''}`);
      i = end + 1;
    } else {
      const tag = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(source.slice(lt));
      if (!tag) throw new XmlError(`malformed tag near: ${source.slice(lt, lt + 40)}`);
      const el: XmlElement = { name: tag[1] ?? '', attrs: {}, children: [], text: '' };
      const attrRe = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
      for (let m = attrRe.exec(tag[2] ?? ''); m; m = attrRe.exec(tag[2] ?? '')) el.attrs[m[1] ?? ''] = decodeEntities(m[2] ?? m[3] ?? '');
      top().children.push(el);
      if (tag[3] !== '/') stack.push(el);
      i = lt + tag[0].length;
    }
  }
  if (stack.length > 1) throw new XmlError(`unclosed element <${top().name}>`);
  const doc = root.children[0];
  if (!doc || root.children.length > 1) throw new XmlError('an XML document has exactly one root element');
  return doc;
}

/** First child element by path ("os/type"); undefined when missing. */
export function child(el: XmlElement | undefined, path: string): XmlElement | undefined {
  let cur = el;
  for (const part of path.split('/')) cur = cur?.children.find((c) => c.name === part);
  return cur;
}

export function children(el: XmlElement | undefined, path: string): XmlElement[] {
  const parts = path.split('/');
  const last = parts.pop() ?? '';
  const parent = parts.length ? child(el, parts.join('/')) : el;
  return parent?.children.filter((c) => c.name === last) ?? [];
}

export function textOf(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : el.text.trim();
}
