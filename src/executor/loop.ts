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
export function resolveLoop(loop: unknown, vars: Vars, templar: Templar, ctx: RenderContext, action?: string): unknown[] {
  const lookup = lookupLoop(loop);
  if (lookup) {
    const value = templar.renderData(lookup.terms, vars, ctx);
    // listify_lookup_plugin_terms: a string (or any single value) is one term
    const plainValue = withoutMarks(value);
    const terms = Array.isArray(plainValue) ? plainValue : [plainValue];
    const name = lookup.lookup === 'first_found' ? firstFoundFor(action) : lookup.lookup;
    const items = templar.lookupItems(name, terms, vars, ctx);
    // with_dict's keys, with_sequence's numbers…: anything derived from unsafe terms is unsafe
    return hasUnsafe(value) ? (markUnsafe(items) as unknown[]) : items;
  }
  const value = templar.renderData(loop, vars, ctx);
  return Array.isArray(value) ? value : toArray(withoutMarks(value), 'loop');
}

/** The `with_<lookup>:` form of a loop, or undefined for `loop:`. */
export function lookupLoop(loop: unknown): { lookup: string; terms: unknown } | undefined {
  return loop && typeof loop === 'object' && !Array.isArray(loop) && 'lookup' in loop ? (loop as { lookup: string; terms: unknown }) : undefined;
}

/** with_first_found searches the directory of what the task reads: templates/ for template, vars/ for include_vars. */
function firstFoundFor(action: string | undefined): string {
  const subdir = action === 'template' ? 'templates' : action === 'include_vars' ? 'vars' : undefined;
  return subdir ? `first_found:${subdir}` : 'first_found';
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
  if (indexVar) {
    v[indexVar] = index;
    v.ansible_index_var = indexVar;
  }
  // Ansible defines ansible_loop only with `extended: true` (allitems unless extended_allitems: false)
  if (lc?.extended) {
    const loop: Vars = {
      index: index + 1,
      index0: index,
      first: index === 0,
      last: index === all.length - 1,
      length: all.length,
      revindex: all.length - index,
      revindex0: all.length - index - 1,
    };
    if (lc.extended_allitems !== false) loop.allitems = all;
    if (index < all.length - 1) loop.nextitem = all[index + 1];
    if (index > 0) loop.previtem = all[index - 1];
    v.ansible_loop = loop;
  }
  return v;
}
