/**
 * The lookups that build lists from their terms (items, list, dict, indexed_items, together,
 * nested, subelements, sequence), with the rules of Ansible's plugins of the same names.
 */
import { parseBoolean } from '../../util/ansible-boolean.js';
import { JinjaError } from '../errors.js';
import { isMapping, isStr, pyRepr, pyStr, tuple } from '../python.js';
import { pyMod } from '../py-format.js';
import type { LookupPlugin } from './types.js';

/** LookupBase._flatten: one level. */
const flattenOnce = (terms: unknown[]): unknown[] => terms.flatMap((t) => (Array.isArray(t) ? t : [t]));

const listOf = (value: unknown, what: string): unknown[] => {
  if (Array.isArray(value)) return value;
  if (isStr(value)) return [pyStr(value)];
  throw new JinjaError(`${what} expects lists, got ${pyRepr(value)}`);
};

const items: LookupPlugin = (terms) => flattenOnce(terms);

const list: LookupPlugin = (terms) => terms;

const dict: LookupPlugin = (terms) =>
  terms.flatMap((term) => {
    if (!isMapping(term)) throw new JinjaError('with_dict expects a dict', 'with_dict: "{{ a_dict }}", or loop: "{{ a_dict | dict2items }}"');
    return Object.entries(term).map(([key, value]) => ({ key, value }));
  });

const indexedItems: LookupPlugin = (terms) => flattenOnce(terms).map((v, i) => tuple([i, v]));

const together: LookupPlugin = (terms) => {
  const lists = terms.map((t) => listOf(t, 'together'));
  if (!lists.length) throw new JinjaError('with_together requires at least one element in each list');
  const n = Math.max(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => flattenOnce(lists.map((l) => (i < l.length ? l[i] : null))));
};

const nested: LookupPlugin = (terms) => {
  const lists = terms.map((t) => listOf(t, 'nested'));
  if (!lists.length) throw new JinjaError('with_nested requires at least one element in the nested list');
  const [first, ...rest] = lists as [unknown[], ...unknown[][]];
  return rest.reduce<unknown[]>((acc, l) => acc.flatMap((x) => l.map((y) => flattenOnce([x, y]))), first);
};

/** A copy of `item` without the sub-list it is paired with: Ansible's plugin pops that key. */
function withoutSubkey(item: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const [key, ...rest] = keys as [string, ...string[]];
  const copy = { ...item };
  if (rest.length) copy[key] = withoutSubkey(copy[key] as Record<string, unknown>, rest);
  else delete copy[key];
  return copy;
}

const subelements: LookupPlugin = (terms) => {
  if (terms.length < 2 || terms.length > 3) throw new JinjaError('subelements lookup expects a list of two or three items');
  const [source, subkey, flags = {}] = terms;
  if (!(Array.isArray(source) || isMapping(source)) || typeof subkey !== 'string') {
    throw new JinjaError('subelements lookup expects a list of two or three items, first a dict or a list, second a string pointing to the subkey');
  }
  if (!isMapping(flags)) throw new JinjaError("the optional third item must be a dict with flags ['skip_missing']");
  if (isMapping(source) && source.skipped !== undefined && source.skipped !== false) return [];
  const elements = Array.isArray(source) ? source : Object.values(source);
  const keys = subkey.split('.');
  const skipMissing = parseBoolean(flags.skip_missing ?? false) === true;
  const out: unknown[] = [];
  for (const element of elements) {
    if (!isMapping(element)) throw new JinjaError(`subelements lookup expects a dictionary, got '${pyStr(element)}'`);
    if (element.skipped !== undefined && element.skipped !== false) continue;
    let value: unknown = element;
    let sublist: unknown[] = [];
    let found = true;
    for (const [i, key] of keys.entries()) {
      const here = value as Record<string, unknown>;
      if (!(key in here)) {
        if (skipMissing) {
          found = false;
          break;
        }
        throw new JinjaError(`could not find '${key}' key in iterated item ${pyRepr(here)}`);
      }
      if (i < keys.length - 1) {
        if (!isMapping(here[key])) {
          if (skipMissing) {
            found = false;
            break;
          }
          throw new JinjaError(`the key ${key} should point to a dictionary, got '${pyStr(here[key])}'`);
        }
        value = here[key];
      } else if (!Array.isArray(here[key])) {
        throw new JinjaError(`the key ${key} should point to a list, got '${pyStr(here[key])}'`);
      } else sublist = here[key] as unknown[];
    }
    if (!found) continue;
    const parent = withoutSubkey(element, keys);
    for (const sub of sublist) out.push(tuple([parent, sub]));
  }
  return out;
};

/** Python's int(x, 0): decimal, 0x hex, 0o octal. */
function pyInt(text: string, what: string): number {
  const t = text.trim();
  const n = /^[-+]?0[xX][0-9a-fA-F]+$/.test(t) ? parseInt(t, 16) : /^[-+]?0[oO][0-7]+$/.test(t) ? parseInt(t.replace(/0[oO]/, ''), 8) : /^[-+]?\d+$/.test(t) ? parseInt(t, 10) : NaN;
  if (Number.isNaN(n)) throw new JinjaError(`can't parse ${what}=${text} as integer`);
  return n;
}

const SHORTCUT = /^(?:([-+]?(?:0[xX])?[0-9a-fA-F]+)-)?([-+]?(?:0[xX])?[0-9a-fA-F]+)(?:\/([-+]?(?:0[xX])?[0-9a-fA-F]+))?(?::(.+))?$/;

function sequenceOf(term: string): string[] {
  let start = 1;
  let end: number | undefined;
  let count: number | undefined;
  let stride = 1;
  let format = '%d';
  const shortcut = SHORTCUT.exec(term.trim());
  if (shortcut && !term.includes('=')) {
    if (shortcut[1] !== undefined) start = pyInt(shortcut[1], 'start');
    end = pyInt(shortcut[2] as string, 'end');
    if (shortcut[3] !== undefined) stride = pyInt(shortcut[3], 'stride');
    if (shortcut[4] !== undefined) format = shortcut[4];
  } else {
    for (const part of term.trim().split(/\s+/).filter(Boolean)) {
      const eq = part.indexOf('=');
      if (eq < 0) throw new JinjaError(`unrecognized arguments to with_sequence: ${part}`, 'with_sequence: start=1 end=10 stride=1 format=%d, or count=N');
      const [k, v] = [part.slice(0, eq), part.slice(eq + 1)];
      if (k === 'start') start = pyInt(v, k);
      else if (k === 'end') end = pyInt(v, k);
      else if (k === 'count') count = pyInt(v, k);
      else if (k === 'stride') stride = pyInt(v, k);
      else if (k === 'format') format = v;
      else throw new JinjaError(`unrecognized arguments to with_sequence: ['${k}']`);
    }
  }
  if (count === undefined && end === undefined) throw new JinjaError('must specify count or end in with_sequence');
  if (count !== undefined && end !== undefined) throw new JinjaError("can't specify both count and end in with_sequence");
  if (count !== undefined) {
    if (count !== 0) end = start + count * stride - 1;
    else [start, end, stride] = [0, 0, 0];
  }
  const last = end as number;
  if (stride > 0 && last < start) throw new JinjaError('to count backwards make stride negative');
  if (stride < 0 && last > start) throw new JinjaError("to count forward don't make stride negative");
  if (format.split('%').length !== 2) throw new JinjaError(`bad formatting string: ${format}`);
  const out: string[] = [];
  // Python's range(start, end + adjust, stride); a zero stride (count=0) gives nothing
  if (stride > 0) for (let i = start; i < last + 1; i += stride) out.push(pyStr(pyMod(format, i)));
  else if (stride < 0) for (let i = start; i > last - 1; i += stride) out.push(pyStr(pyMod(format, i)));
  return out;
}

const sequence: LookupPlugin = (terms) => terms.flatMap((t) => sequenceOf(pyStr(t)));

export const listLookups: Record<string, LookupPlugin> = {
  items,
  list,
  dict,
  indexed_items: indexedItems,
  together,
  nested,
  subelements,
  sequence,
};
