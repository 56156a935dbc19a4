/**
 * The Python methods Ansible templates call on strings, lists and dicts (`x.split(',')`,
 * `d.items()`, `s.startswith('a')`). Only these are callable: JavaScript's own methods on user
 * data are deliberately not exposed, so templates behave the same as under Jinja2.
 */
import { dateMethod, isDateValue } from './datetime.js';
import { JinjaError } from './errors.js';
import { formatSpec } from './py-format.js';
import { isMapping, plain, pyEquals, pyRepr, pyStr, tuple } from './python.js';
import { assignOwn } from '../util/own-props.js';

type Method = (self: never, ...args: unknown[]) => unknown;

function pySplit(s: string, sep: unknown, maxsplit: unknown): string[] {
  const max = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity;
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let rest = s.replace(/^\s+/, '');
    while (rest.length > 0) {
      if (out.length >= max) {
        out.push(rest.replace(/\s+$/, ''));
        break;
      }
      const m = /\s+/.exec(rest);
      if (!m) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return out;
  }
  const separator = String(sep);
  if (separator === '') throw new JinjaError('empty separator');
  const parts = s.split(separator);
  if (parts.length - 1 <= max) return parts;
  return [...parts.slice(0, max), parts.slice(max).join(separator)];
}

function stripChars(chars: unknown): string {
  return chars === undefined || chars === null ? ' \t\n\r\f\v' : String(chars);
}
function lstrip(s: string, chars: unknown): string {
  const set = stripChars(chars);
  let i = 0;
  while (i < s.length && set.includes(s[i] as string)) i++;
  return s.slice(i);
}
function rstrip(s: string, chars: unknown): string {
  const set = stripChars(chars);
  let i = s.length;
  while (i > 0 && set.includes(s[i - 1] as string)) i--;
  return s.slice(0, i);
}

function affixes(arg: unknown): string[] {
  return Array.isArray(arg) ? arg.map((a) => String(plain(a))) : [String(plain(arg))];
}

/** Python str.format: `{}`/`{0}`/`{name}` fields, `[key]`/`.attr` lookups, `!r`/`!s`, and a format spec. */
export function pyFormat(fmt: string, args: unknown[]): string {
  const kwargs = args.length > 0 && isMapping(args[args.length - 1]) && (args[args.length - 1] as { __keywords?: unknown }).__keywords ? (args.pop() as Record<string, unknown>) : {};
  let auto = 0;
  return fmt.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const [, name = '', path = '', conversion, spec = ''] = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field ?? '') ?? [];
    let value: unknown = name === '' ? args[auto++] : /^\d+$/.test(name) ? args[Number(name)] : kwargs[name];
    for (const [, attr, index] of path.matchAll(/\.([^.[]+)|\[([^\]]*)\]/g)) {
      const key = attr ?? (/^\d+$/.test(index ?? '') ? Number(index) : (index ?? ''));
      value = (plain(value) as Record<string | number, unknown> | undefined)?.[key];
    }
    if (conversion === 'r' || conversion === 'a') value = pyRepr(value);
    else if (conversion === 's') value = pyStr(value);
    return formatSpec(value, spec);
  });
}

export const stringMethods: Record<string, (self: string, ...args: unknown[]) => unknown> = {
  split: (s, sep, max) => pySplit(s, sep, max),
  rsplit: (s, sep, max) => {
    if (max === undefined || max === -1) return pySplit(s, sep, -1);
    const rev = pySplit([...s].reverse().join(''), typeof sep === 'string' ? [...sep].reverse().join('') : sep, max);
    return rev.map((p) => [...p].reverse().join('')).reverse();
  },
  splitlines: (s) => s.split(/\r\n|\r|\n/).filter((l, i, all) => i < all.length - 1 || l !== ''),
  strip: (s, chars) => lstrip(rstrip(s, chars), chars),
  lstrip: (s, chars) => lstrip(s, chars),
  rstrip: (s, chars) => rstrip(s, chars),
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s) => s.toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_m, pre: string, c: string) => pre + c.toUpperCase()),
  startswith: (s, prefix) => affixes(prefix).some((p) => s.startsWith(p)),
  endswith: (s, suffix) => affixes(suffix).some((p) => s.endsWith(p)),
  replace: (s, old, neu, count) => {
    // Python inserts `neu` at every position (before each character and at the end) for old=''
    if (String(old) === '') {
      const at = [...s];
      const n = typeof count === 'number' && count >= 0 ? Math.min(count, at.length + 1) : at.length + 1;
      return at.map((c, i) => (i < n ? String(neu) + c : c)).join('') + (n > at.length ? String(neu) : '');
    }
    const parts = s.split(String(old));
    const n = typeof count === 'number' && count >= 0 ? count : parts.length;
    return parts.slice(0, n + 1).join(String(neu)) + (parts.length > n + 1 ? String(old) + parts.slice(n + 1).join(String(old)) : '');
  },
  swapcase: (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  zfill: (s, width) => {
    const sign = /^[-+]/.test(s) ? s.charAt(0) : '';
    return sign + s.slice(sign.length).padStart(Number(width) - sign.length, '0');
  },
  ljust: (s, width, fill = ' ') => s.padEnd(Number(width), String(fill)),
  rjust: (s, width, fill = ' ') => s.padStart(Number(width), String(fill)),
  center: (s, width, fill = ' ') => {
    const total = Math.max(0, Number(width) - s.length);
    const left = Math.floor(total / 2) + (total & Number(width) & 1);
    return String(fill).repeat(left) + s + String(fill).repeat(total - left);
  },
  partition: (s, sep) => {
    const i = s.indexOf(String(sep));
    return tuple(i < 0 ? [s, '', ''] : [s.slice(0, i), String(sep), s.slice(i + String(sep).length)]);
  },
  rpartition: (s, sep) => {
    const i = s.lastIndexOf(String(sep));
    return tuple(i < 0 ? ['', '', s] : [s.slice(0, i), String(sep), s.slice(i + String(sep).length)]);
  },
  find: (s, sub) => s.indexOf(String(sub)),
  rfind: (s, sub) => s.lastIndexOf(String(sub)),
  index: (s, sub) => {
    const i = s.indexOf(String(sub));
    if (i < 0) throw new JinjaError('substring not found');
    return i;
  },
  count: (s, sub) => (String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1),
  join: (s, items) => (Array.isArray(items) ? items.map((x) => pyStr(x)).join(s) : ''),
  format: (s, ...args) => pyFormat(s, args),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  isalnum: (s) => /^[A-Za-z0-9]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
};

export const listMethods: Record<string, (self: unknown[], ...args: unknown[]) => unknown> = {
  index: (l, x) => {
    const i = l.findIndex((y) => pyEquals(x, y));
    if (i < 0) throw new JinjaError(`${pyStr(x)} is not in list`);
    return i;
  },
  count: (l, x) => l.filter((y) => pyEquals(x, y)).length,
  append: (l, x) => {
    l.push(x);
    return null;
  },
  extend: (l, xs) => {
    if (Array.isArray(xs)) l.push(...(xs as unknown[]));
    return null;
  },
  insert: (l, i, x) => {
    l.splice(Number(i), 0, x);
    return null;
  },
  pop: (l, i) => (i === undefined ? l.pop() : l.splice(Number(i), 1)[0]),
  copy: (l) => [...l],
};

export const dictMethods: Record<string, (self: Record<string, unknown>, ...args: unknown[]) => unknown> = {
  items: (d) => Object.entries(d).map((e) => tuple(e)),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  get: (d, key, dflt) => (Object.prototype.hasOwnProperty.call(d, String(key)) ? d[String(key)] : dflt ?? null),
  copy: (d) => ({ ...d }),
  update: (d, other) => {
    if (isMapping(other)) assignOwn(d, other);
    return null;
  },
  pop: (d, key, dflt) => {
    const k = String(key);
    if (!Object.prototype.hasOwnProperty.call(d, k)) return dflt ?? null;
    const v = d[k];
    delete d[k];
    return v;
  },
};

/** The Python method `name` of `self`, if Jinja2 would find one. */
export function findMethod(self: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  const value = plain(self);
  if (isDateValue(value)) return dateMethod(value, name);
  let table: Record<string, Method> | undefined;
  if (typeof value === 'string') table = stringMethods as Record<string, Method>;
  else if (Array.isArray(value)) table = listMethods as Record<string, Method>;
  else if (isMapping(value)) table = dictMethods as Record<string, Method>;
  const method = table && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  return method ? (...args: unknown[]) => method(value as never, ...args) : undefined;
}
