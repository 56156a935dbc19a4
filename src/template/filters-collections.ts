/**
 * Filters over lists and dicts: select/map/sort family, set operations, combine, dict2items.
 * Results are arrays (Jinja2's generators are always consumed by `| list` in practice).
 */
import { bindArgs, restArgs } from './args.js';
import type { Filter, Test } from './args.js';
import { JinjaError, UndefinedLookup } from './errors.js';
import { getMember } from './runtime.js';
import { Undefined, isMapping, isStr, namedTuple, plain, pyAdd, pyCompare, pyEquals, pyStr, truthy, tuple, typeName } from './python.js';
import { setOwn } from '../util/own-props.js';

export interface Registry {
  filters: Record<string, Filter>;
  tests: Record<string, Test>;
}

/**
 * A filter or test named in a template (`map('upper')`, `select('defined')`): only the
 * registry's own entries, never what a plain object inherits (`map('toString')`).
 */
export function ownEntry<T>(table: Record<string, T>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

function toList(value: unknown, filter: string): unknown[] {
  value = plain(value);
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isMapping(value)) return Object.keys(value);
  throw new JinjaError(`${filter}: expected a list, got ${typeName(value)}`);
}

/** `item.a.b` for attribute='a.b'; an Undefined (named) when any part is missing. */
function attr(item: unknown, path: unknown): unknown {
  let cur = item;
  for (const part of pyStr(path).split('.')) {
    const next = getMember(cur, /^\d+$/.test(part) && Array.isArray(cur) ? Number(part) : part);
    if (next === undefined) return new Undefined(pyStr(path));
    cur = next;
  }
  return cur;
}

function strictAttr(item: unknown, path: unknown): unknown {
  const v = attr(item, path);
  if (v instanceof Undefined) throw new UndefinedLookup(`${typeName(item) === 'dict' ? 'dict object' : typeName(item)}.${pyStr(path)}`, undefined, undefined);
  return v;
}

function sortKey(value: unknown, caseSensitive: boolean): unknown {
  value = plain(value);
  return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value;
}

function uniqueBy(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of list) if (!out.some((y) => pyEquals(x, y))) out.push(x);
  return out;
}

export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>, recursive: boolean, listMerge: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    let merged: unknown = v;
    if (recursive && isMapping(old) && isMapping(v)) merged = deepMerge(old, v, recursive, listMerge);
    else if (Array.isArray(old) && Array.isArray(v) && listMerge !== 'replace') {
      if (listMerge === 'keep') merged = old;
      else if (listMerge === 'append') merged = [...old, ...v];
      else if (listMerge === 'prepend') merged = [...v, ...old];
      else if (listMerge === 'append_rp') merged = [...old.filter((x) => !v.some((y) => pyEquals(x, y))), ...v];
      else if (listMerge === 'prepend_rp') merged = [...v, ...old.filter((x) => !v.some((y) => pyEquals(x, y)))];
    }
    setOwn(out, k, merged);
  }
  return out;
}

function flatten(list: unknown[], levels: number | undefined, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const x of list) {
    if (skipNulls && (x === null || x === 'None')) continue;
    if (Array.isArray(x) && (levels === undefined || levels > 0)) out.push(...flatten(x, levels === undefined ? undefined : levels - 1, skipNulls));
    else out.push(x);
  }
  return out;
}

export function createCollectionFilters(registry: Registry): Record<string, Filter> {
  const test = (name: unknown): Test => {
    const t = ownEntry(registry.tests, pyStr(name));
    if (!t) throw new JinjaError(`no test named '${pyStr(name)}'`);
    return t;
  };
  const selectWith = (keep: boolean) => (value: unknown, ...args: unknown[]) => {
    const { positional } = restArgs(args);
    const [name, ...targs] = positional;
    const t = name === undefined ? (v: unknown) => truthy(v) : test(name);
    return toList(value, 'select').filter((x) => t(x, ...targs) === keep);
  };
  const selectAttrWith = (keep: boolean) => (value: unknown, ...args: unknown[]) => {
    const { positional } = restArgs(args);
    const [path, name, ...targs] = positional;
    const lenient = name === 'defined' || name === 'undefined';
    const t = name === undefined ? (v: unknown) => truthy(v) : test(name);
    return toList(value, 'selectattr').filter((x) => t(lenient ? attr(x, path) : strictAttr(x, path), ...targs) === keep);
  };
  const minmax = (sign: 1 | -1) => (value: unknown, ...args: unknown[]) => {
    const a = bindArgs('min', args, ['case_sensitive', 'attribute']);
    const list = toList(value, 'min');
    if (list.length === 0) return new Undefined('min/max of empty sequence');
    const key = (x: unknown) => sortKey(a.attribute === undefined ? x : strictAttr(x, a.attribute), a.case_sensitive === true);
    return list.reduce((best, x) => (sign * pyCompare(key(x), key(best)) < 0 ? x : best));
  };
  const filters: Record<string, Filter> = {
    length: (value) => {
      value = plain(value);
      if (isStr(value)) return String(value).length;
      if (Array.isArray(value)) return value.length;
      if (isMapping(value)) return Object.keys(value).length;
      throw new JinjaError(`object of type '${typeName(value)}' has no len()`);
    },
    first: (value) => toList(value, 'first')[0] ?? new Undefined('first of empty sequence'),
    last: (value) => {
      const l = toList(value, 'last');
      return l.length ? l[l.length - 1] : new Undefined('last of empty sequence');
    },
    list: (value) => [...toList(value, 'list')],
    reverse: (value) => (typeof plain(value) === 'string' ? [...pyStr(value)].reverse().join('') : [...toList(value, 'reverse')].reverse()),
    join(value, ...args) {
      const a = bindArgs('join', args, ['d', 'attribute']);
      return toList(value, 'join').map((x) => pyStr(a.attribute === undefined ? x : strictAttr(x, a.attribute))).join(a.d === undefined ? '' : pyStr(a.d));
    },
    min: minmax(1),
    max: minmax(-1),
    sum(value, ...args) {
      const a = bindArgs('sum', args, ['attribute', 'start']);
      // Python's sum: start + each item with `+`, so lists concatenate (sum(start=[]))
      return toList(value, 'sum').reduce<unknown>((acc, x) => pyAdd(acc, plain(a.attribute === undefined ? x : strictAttr(x, a.attribute))), a.start ?? 0);
    },
    unique(value, ...args) {
      const a = bindArgs('unique', args, ['case_sensitive', 'attribute']);
      const out: unknown[] = [];
      const seen: unknown[] = [];
      for (const x of toList(value, 'unique')) {
        // Ansible passes bool(case_sensitive) to Jinja2's unique: case-insensitive unless asked
        const k = sortKey(a.attribute === undefined ? x : strictAttr(x, a.attribute), a.case_sensitive === true);
        if (!seen.some((s) => pyEquals(s, k))) {
          seen.push(k);
          out.push(x);
        }
      }
      return out;
    },
    sort(value, ...args) {
      const a = bindArgs('sort', args, ['reverse', 'case_sensitive', 'attribute']);
      const attrs = a.attribute === undefined || a.attribute === null ? [] : pyStr(a.attribute).split(',');
      const key = (x: unknown): unknown => {
        const parts = attrs.length ? attrs.map((p) => sortKey(strictAttr(x, p.trim()), a.case_sensitive === true)) : [sortKey(x, a.case_sensitive === true)];
        return parts.length === 1 ? parts[0] : parts;
      };
      const sorted = [...toList(value, 'sort')].sort((x, y) => pyCompare(key(x), key(y)));
      return a.reverse === true ? sorted.reverse() : sorted;
    },
    select: selectWith(true),
    reject: selectWith(false),
    selectattr: selectAttrWith(true),
    rejectattr: selectAttrWith(false),
    map(value, ...args) {
      const { positional, kwargs } = restArgs(args);
      const list = toList(value, 'map');
      if (positional.length === 0 && kwargs.attribute !== undefined) {
        return list.map((x) => {
          const v = attr(x, kwargs.attribute);
          if (!(v instanceof Undefined)) return v;
          if ('default' in kwargs) return kwargs.default;
          return strictAttr(x, kwargs.attribute);
        });
      }
      const [name, ...fargs] = positional;
      const f = ownEntry(registry.filters, pyStr(name));
      if (!f) throw new JinjaError(`no filter named '${pyStr(name)}'`);
      return list.map((x) => f(x, ...fargs, ...(Object.keys(kwargs).length ? [{ ...kwargs, __keywords: true }] : [])));
    },
    combine(value, ...args) {
      const { positional, kwargs } = restArgs(args);
      const dicts = flatten([value, ...positional], undefined, false);
      let out: Record<string, unknown> = {};
      for (const d of dicts) {
        if (!isMapping(d)) throw new JinjaError(`combine: expected dicts, got ${typeName(d)}`);
        out = deepMerge(out, d, kwargs.recursive === true, pyStr(kwargs.list_merge ?? 'replace'));
      }
      return out;
    },
    dict2items(value, ...args) {
      const a = bindArgs('dict2items', args, ['key_name', 'value_name']);
      if (!isMapping(value)) throw new JinjaError(`dict2items requires a dictionary, got ${typeName(value)} instead.`);
      return Object.entries(value).map(([k, v]) => ({ [pyStr(a.key_name ?? 'key')]: k, [pyStr(a.value_name ?? 'value')]: v }));
    },
    items2dict(value, ...args) {
      const a = bindArgs('items2dict', args, ['key_name', 'value_name']);
      const out: Record<string, unknown> = {};
      for (const item of toList(value, 'items2dict')) setOwn(out, pyStr(strictAttr(item, a.key_name ?? 'key')), strictAttr(item, a.value_name ?? 'value'));
      return out;
    },
    dict(value) {
      const out: Record<string, unknown> = {};
      for (const pair of toList(value, 'dict')) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new JinjaError('dict: expected a list of [key, value] pairs');
        setOwn(out, pyStr(pair[0]), pair[1]);
      }
      return out;
    },
    flatten(value, ...args) {
      const a = bindArgs('flatten', args, ['levels', 'skip_nulls']);
      return flatten(toList(value, 'flatten'), typeof a.levels === 'number' ? a.levels : undefined, a.skip_nulls !== false);
    },
    zip(value, ...others) {
      const lists = [value, ...restArgs(others).positional].map((l) => toList(l, 'zip'));
      const n = Math.min(...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i])));
    },
    zip_longest(value, ...others) {
      const { positional, kwargs } = restArgs(others);
      const lists = [value, ...positional].map((l) => toList(l, 'zip_longest'));
      const n = Math.max(...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => (i < l.length ? l[i] : (kwargs.fillvalue ?? null)))));
    },
    union: (a, b) => uniqueBy([...toList(a, 'union'), ...toList(b, 'union')]),
    intersect: (a, b) => uniqueBy(toList(a, 'intersect').filter((x) => toList(b, 'intersect').some((y) => pyEquals(x, y)))),
    difference: (a, b) => uniqueBy(toList(a, 'difference').filter((x) => !toList(b, 'difference').some((y) => pyEquals(x, y)))),
    symmetric_difference: (a, b) => {
      const la = toList(a, 'symmetric_difference');
      const lb = toList(b, 'symmetric_difference');
      return uniqueBy([...la.filter((x) => !lb.some((y) => pyEquals(x, y))), ...lb.filter((x) => !la.some((y) => pyEquals(x, y)))]);
    },
    slice(value, slices, fillWith) {
      const seq = toList(value, 'slice');
      const n = Number(slices);
      const per = Math.floor(seq.length / n);
      const extra = seq.length % n;
      const out: unknown[][] = [];
      let offset = 0;
      for (let i = 0; i < n; i++) {
        const start = offset + i * per;
        if (i < extra) offset++;
        const part = seq.slice(start, offset + (i + 1) * per);
        // any fill value counts, 0 and '' too (only None means no fill)
        if (fillWith !== undefined && fillWith !== null && i >= extra) part.push(fillWith);
        out.push(part);
      }
      return out;
    },
    batch(value, size, fill) {
      const list = toList(value, 'batch');
      const n = Number(size);
      const out: unknown[][] = [];
      for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
      const lastBatch = out[out.length - 1];
      if (fill !== undefined && lastBatch) while (lastBatch.length < n) lastBatch.push(fill);
      return out;
    },
    // Jinja2 3.1: case-insensitive by default (the group keeps its first item's spelling), a
    // default for items without the attribute, and (grouper, list) namedtuples
    groupby(value, ...args) {
      const a = bindArgs('groupby', args, ['attribute', 'default', 'case_sensitive']);
      const keyOf = (item: unknown): unknown => {
        const k = a.default === undefined ? strictAttr(item, a.attribute) : attr(item, a.attribute);
        return k instanceof Undefined ? a.default : k;
      };
      const groups: [unknown, unknown, unknown[]][] = [];
      for (const item of toList(value, 'groupby')) {
        const shown = keyOf(item);
        const k = sortKey(shown, a.case_sensitive === true);
        const g = groups.find(([gk]) => pyEquals(gk, k));
        if (g) g[2].push(item);
        else groups.push([k, shown, [item]]);
      }
      return groups.sort((x, y) => pyCompare(x[0], y[0])).map(([, shown, list]) => namedTuple([shown, list], ['grouper', 'list']));
    },
    dictsort(value, ...args) {
      const a = bindArgs('dictsort', args, ['case_sensitive', 'by', 'reverse']);
      if (!isMapping(value)) throw new JinjaError('dictsort: expected a dict');
      const idx = a.by === 'value' ? 1 : 0;
      const sorted = Object.entries(value).sort((x, y) => pyCompare(sortKey(x[idx], a.case_sensitive === true), sortKey(y[idx], a.case_sensitive === true)));
      const pairs = sorted.map((pair) => tuple(pair));
      return a.reverse === true ? pairs.reverse() : pairs;
    },
  };
  filters.count = filters.length as Filter;
  return filters;
}
