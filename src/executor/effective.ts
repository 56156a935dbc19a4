import type { Inheritable, Item, Scope } from '../playbook/model.js';
import { scopeChain } from '../vars/manager.js';

/** Keywords in force for an item: its own over its blocks' over its role's over the play's. */
export function effectiveKeywords(item: Pick<Item, 'kw' | 'scope'>): Inheritable {
  const out: Inheritable = {};
  const when: unknown[] = [];
  const tags = new Set<string>();
  // environment: every level's mapping, outermost first; inner keys win (Ansible extends the list)
  const environment: unknown[] = [];
  for (const s of [...scopeChain(item.scope).map((sc) => sc.kw), item.kw]) {
    for (const [k, v] of Object.entries(s)) {
      if (v === undefined) continue;
      if (k === 'when') when.push(...(v as unknown[]));
      else if (k === 'tags') for (const t of v as string[]) tags.add(t);
      else if (k === 'vars') continue;
      else if (k === 'environment') environment.push(...(Array.isArray(v) ? v : [v]));
      else (out as Record<string, unknown>)[k] = v;
    }
  }
  out.when = when;
  out.tags = [...tags];
  if (environment.length) out.environment = environment;
  return out;
}

export function roleOf(scope: Scope | undefined): Scope['role'] {
  for (let s = scope; s; s = s.parent) if (s.role) return s.role;
  return undefined;
}

/** Ansible's tag selection: --tags/--skip-tags with all, tagged, untagged, always, never. */
export function tagsSelected(taskTags: readonly string[], only: readonly string[], skip: readonly string[]): boolean {
  const tags = new Set(taskTags);
  if (skip.length) {
    if (skip.includes('all')) return false;
    if (skip.includes('tagged') && tags.size > 0) return false;
    if (skip.includes('untagged') && tags.size === 0) return false;
    if (skip.some((t) => tags.has(t))) return false;
  }
  if (tags.has('always') && !skip.includes('always')) return true;
  const wanted = only.length ? only : ['all'];
  if (tags.has('never') && !wanted.some((t) => t !== 'all' && tags.has(t))) return false;
  if (wanted.includes('all')) return true;
  if (wanted.includes('tagged') && tags.size > 0) return true;
  if (wanted.includes('untagged') && tags.size === 0) return true;
  return wanted.some((t) => tags.has(t));
}
