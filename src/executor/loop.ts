import { PlayError } from '../errors.js';
import type { LoopControl } from '../playbook/model.js';
import type { Templar } from '../template/index.js';
import type { RenderContext, Vars } from '../template/types.js';
import { hasUnsafe, markUnsafe, withoutMarks } from '../template/unsafe.js';

/**
 * Renders `loop:` / `with_<lookup>:` into the list of items (Ansible's with_* semantics). Items
 * become loop variables: those that came from a target (`loop: "{{ r.stdout_lines }}"`) stay
 * unsafe, never templated.
 */
export function resolveLoop(loop: unknown, vars: Vars, templar: Templar, ctx: RenderContext): unknown[] {
  if (loop && typeof loop === 'object' && !Array.isArray(loop) && 'lookup' in loop) {
    const { lookup, terms } = loop as { lookup: string; terms: unknown };
    const value = templar.renderData(terms, vars, ctx);
    const items = lookupItems(lookup, withoutMarks(value), ctx);
    // with_dict's keys, with_sequence's numbers…: anything derived from unsafe terms is unsafe
    return hasUnsafe(value) ? (markUnsafe(items) as unknown[]) : items;
  }
  const value = templar.renderData(loop, vars, ctx);
  return Array.isArray(value) ? value : toArray(withoutMarks(value), 'loop');
}

function lookupItems(lookup: string, value: unknown, ctx: RenderContext): unknown[] {
  switch (lookup) {
    case 'items':
      return toArray(value, lookup).flatMap((v) => (Array.isArray(v) ? v : [v]));
    case 'list':
      return toArray(value, lookup);
    case 'flattened':
      return toArray(value, lookup).flat(Infinity);
    case 'dict':
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new PlayError('BAD_LOOP', 'with_dict expects a dict', { source: ctx.source });
      return Object.entries(value).map(([key, v]) => ({ key, value: v }));
    case 'indexed_items':
      return toArray(value, lookup).map((v, i) => [i, v]);
    case 'together': {
      const lists = toArray(value, lookup).map((l) => toArray(l, lookup));
      const n = Math.max(0, ...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => lists.map((l) => l[i] ?? null));
    }
    case 'nested': {
      const lists = toArray(value, lookup).map((l) => toArray(l, lookup));
      return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((prefix) => l.map((v) => [...prefix, v])), [[]]);
    }
    case 'sequence': {
      const spec = String(value);
      const m = /start=(-?\d+)\s+end=(-?\d+)(?:\s+stride=(\d+))?(?:\s+format=(\S+))?/.exec(spec) ?? /^(-?\d+)-(-?\d+)(?:\/(\d+))?$/.exec(spec);
      if (!m) throw new PlayError('BAD_LOOP', `with_sequence: cannot parse "${spec}"`, { source: ctx.source });
      const out: unknown[] = [];
      for (let i = Number(m[1]); i <= Number(m[2]); i += Number(m[3] ?? 1)) out.push(m[4] ? m[4].replace(/%0?(\d*)d/, (_s, w: string) => String(i).padStart(Number(w || 0), '0')) : String(i));
      return out;
    }
    default:
      throw new PlayError('UNKNOWN_LOOKUP', `with_${lookup} is not supported`, { source: ctx.source, hint: 'use loop: with a filter instead' });
  }
}

function toArray(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') {
    throw new PlayError('BAD_LOOP', `${what} expects a list, got the string "${value.slice(0, 60)}"`, {
      hint: 'a loop needs a list; for a comma string use "{{ x.split(\',\') }}"',
    });
  }
  throw new PlayError('BAD_LOOP', `${what} expects a list, got ${typeof value}`, { hint: 'for a dict use "{{ x | dict2items }}"' });
}

export function loopVarNames(lc: LoopControl | undefined): { loopVar: string; indexVar: string | undefined } {
  return { loopVar: lc?.loop_var ?? 'item', indexVar: lc?.index_var };
}

export function loopVars(lc: LoopControl | undefined, item: unknown, index: number, all: unknown[]): Vars {
  const { loopVar, indexVar } = loopVarNames(lc);
  const v: Vars = { [loopVar]: item, ansible_loop_var: loopVar };
  if (indexVar) v[indexVar] = index;
  v.ansible_loop = {
    index: index + 1,
    index0: index,
    revindex: all.length - index,
    revindex0: all.length - index - 1,
    first: index === 0,
    last: index === all.length - 1,
    length: all.length,
    allitems: all,
    previtem: index > 0 ? all[index - 1] : undefined,
    nextitem: index < all.length - 1 ? all[index + 1] : undefined,
  };
  return v;
}
