/**
 * Jinja2's text layout filters: truncate (with its leeway policy) and wordwrap (Python's
 * textwrap.wrap as Jinja2 calls it: tabs and newlines kept, long words and hyphenated words broken).
 */
import { bindArgs, restArgs } from './args.js';
import type { Filter } from './args.js';
import { JinjaError } from './errors.js';
import { pyStr, truthy } from './python.js';

/** Jinja2's default `truncate.leeway` policy: a string at most this much too long is kept whole. */
const TRUNCATE_LEEWAY = 5;

function truncate(value: unknown, ...args: unknown[]): string {
  const a = bindArgs('truncate', args, ['length', 'killwords', 'end', 'leeway']);
  const s = pyStr(value);
  const length = a.length === undefined ? 255 : Number(a.length);
  const end = a.end === undefined ? '...' : pyStr(a.end);
  const leeway = a.leeway === undefined || a.leeway === null ? TRUNCATE_LEEWAY : Number(a.leeway);
  if (length < end.length) throw new JinjaError(`expected length >= ${end.length}, got ${length}`);
  if (s.length <= length + leeway) return s;
  const head = s.slice(0, length - end.length);
  if (truthy(a.killwords)) return head + end;
  const space = head.lastIndexOf(' ');
  return (space < 0 ? head : head.slice(0, space)) + end;
}

/** textwrap's chunks: runs of whitespace, and words split after their hyphens ("one-", "two"). */
function chunks(line: string, breakOnHyphens: boolean): string[] {
  const parts = line.split(/(\s+)/).filter((p) => p !== '');
  if (!breakOnHyphens) return parts;
  return parts.flatMap((p) => (/\s/.test(p) ? [p] : p.split(/(?<=[A-Za-z0-9]-+)(?=[A-Za-z0-9])/)));
}

/** TextWrapper._wrap_chunks with drop_whitespace on. */
function wrapLine(line: string, width: number, breakLong: boolean, breakOnHyphens: boolean): string[] {
  const rest = chunks(line, breakOnHyphens).reverse();
  const lines: string[] = [];
  while (rest.length) {
    const cur: string[] = [];
    let len = 0;
    if (lines.length && (rest[rest.length - 1] as string).trim() === '') rest.pop();
    while (rest.length && len + (rest[rest.length - 1] as string).length <= width) {
      const c = rest.pop() as string;
      cur.push(c);
      len += c.length;
    }
    const next = rest[rest.length - 1];
    if (next !== undefined && next.length > width) {
      const spaceLeft = Math.max(width - len, 1);
      if (breakLong) {
        cur.push(next.slice(0, spaceLeft));
        rest[rest.length - 1] = next.slice(spaceLeft);
      } else if (!cur.length) cur.push(rest.pop() as string);
    }
    if (cur.length && (cur[cur.length - 1] as string).trim() === '') cur.pop();
    if (cur.length) lines.push(cur.join(''));
  }
  return lines;
}

function wordwrap(value: unknown, ...args: unknown[]): string {
  const a = bindArgs('wordwrap', args, ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens']);
  const width = a.width === undefined ? 79 : Number(a.width);
  const wrapstring = a.wrapstring === undefined || a.wrapstring === null ? '\n' : pyStr(a.wrapstring);
  const breakLong = a.break_long_words === undefined ? true : truthy(a.break_long_words);
  const breakOnHyphens = a.break_on_hyphens === undefined ? true : truthy(a.break_on_hyphens);
  const lines = pyStr(value).split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => wrapLine(line, width, breakLong, breakOnHyphens).join(wrapstring)).join(wrapstring);
}

const COMMENT_STYLES: Record<string, Record<string, string>> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
};

/** Ansible's comment filter, step by step as plugins/filter/core.py composes it. */
function comment(value: unknown, ...args: unknown[]): string {
  const { positional, kwargs } = restArgs(args);
  const styleName = pyStr(positional[0] ?? kwargs.style ?? 'plain');
  const style = Object.prototype.hasOwnProperty.call(COMMENT_STYLES, styleName) ? COMMENT_STYLES[styleName] : undefined;
  if (!style) throw new JinjaError(`comment: unknown style '${styleName}'`);
  const kw: Record<string, string> = {};
  for (const [k, v] of Object.entries(kwargs)) if (k !== 'style') kw[k] = pyStr(v);
  const prepostfix = kw.decoration ?? (style.decoration as string);
  const p: Record<string, string> = { newline: '\n', beginning: '', prefix: prepostfix.trimEnd(), prefix_count: '1', decoration: '', postfix: prepostfix.trimEnd(), postfix_count: '1', end: '', ...style, ...kw };
  const nl = p.newline as string;
  const deco = p.decoration as string;
  const beginning = p.beginning ? `${p.beginning}${nl}` : '';
  const prefix = p.prefix ? (p.prefix !== nl ? `${p.prefix}${nl}` : nl).repeat(Number(p.prefix_count)) : '';
  const text = `${deco}${pyStr(value).split(nl).join(`${nl}${deco}`)}`.split(`${deco}${nl}`).join(`${deco.trimEnd()}${nl}`);
  const postfix = ['', ...Array.from({ length: Number(p.postfix_count) }, () => p.postfix as string)].join(nl);
  const end = p.end ? `${nl}${p.end}` : '';
  return `${beginning}${prefix}${text}${postfix}${end}`;
}

export const textFilters: Record<string, Filter> = { truncate, wordwrap, comment };
