import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ParseError, type SourcePos } from '../errors.js';
import { stableJson } from '../facts/types.js';
import { ROLE_ENTRY_KEYWORDS } from './keywords.js';
import { loadTaskFile, resolveTaskFile, toStringList, type LoadContext } from './load-tasks.js';
import type { Inheritable, Item, RoleInstance, Scope } from './model.js';
import { itemPosOf, keyPosOf, loadYamlFile, posOf } from './yaml.js';

export interface RoleLoader {
  /** Directories searched for roles by name, in order. */
  searchPaths: string[];
  /** Roles already expanded in this play (name + params), for Ansible's once-per-play rule. */
  seen: Set<string>;
  /** Every role instance loaded in this play, in run order (for handlers and play-wide defaults). */
  instances: RoleInstance[];
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

export async function findRole(name: string, loader: RoleLoader, pos: SourcePos): Promise<string> {
  const candidates = name.includes('/') ? [path.resolve(path.dirname(pos.file), name)] : loader.searchPaths.map((d) => path.join(d, name));
  for (const dir of candidates) if (await exists(dir)) return dir;
  throw new ParseError('ROLE_MISSING', `the role '${name}' was not found`, {
    source: pos,
    hint: `looked in: ${candidates.join(', ')}`,
  });
}

async function loadMapping(file: string): Promise<Record<string, unknown>> {
  for (const f of [file + '.yml', file + '.yaml', file]) {
    if (!(await exists(f))) continue;
    if ((await stat(f)).isDirectory()) continue;
    const data = await loadYamlFile(f);
    if (data === null) return {};
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw new ParseError('ROLE_VARS_NOT_MAPPING', `${f} must be a mapping of variables`, { source: posOf(data) ?? { file: f }, hint: 'write "name: value" lines' });
    }
    return data as Record<string, unknown>;
  }
  return {};
}

async function firstExisting(base: string): Promise<string | undefined> {
  for (const f of [base + '.yml', base + '.yaml', base]) if ((await exists(f)) && !(await stat(f)).isDirectory()) return f;
  return undefined;
}

/** Splits a `roles:` entry (string or mapping) into name, keywords and parameters. */
export function parseRoleEntry(entry: unknown, fallbackPos: SourcePos): { name: string; kw: Inheritable; params: Record<string, unknown>; pos: SourcePos } {
  const pos = posOf(entry) ?? fallbackPos;
  if (typeof entry === 'string') return { name: entry, kw: {}, params: {}, pos: fallbackPos };
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new ParseError('BAD_ROLE_ENTRY', 'a role entry must be a name or a mapping with "role:"', { source: pos, hint: '- role: myrole' });
  }
  const raw = entry as Record<string, unknown>;
  const name = raw.role ?? raw.name;
  if (typeof name !== 'string') throw new ParseError('BAD_ROLE_ENTRY', 'a role entry needs "role: NAME"', { source: pos, hint: '- role: myrole' });
  const kw: Inheritable = {};
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'role' || k === 'name') continue;
    if (ROLE_ENTRY_KEYWORDS.has(k)) {
      if (k === 'tags') kw.tags = toStringList(v);
      else if (k === 'when') kw.when = Array.isArray(v) ? v : [v];
      else if (k === 'vars') Object.assign(params, v as Record<string, unknown>);
      else (kw as Record<string, unknown>)[k] = v;
    } else params[k] = v;
  }
  return { name, kw, params, pos: keyPosOf(raw, 'role') ?? pos };
}

/**
 * Expands a role (and, first, its meta dependencies) into task items. Each role's tasks run in
 * a scope carrying the role, the entry's keywords and an implicit tag with the role's name.
 */
export async function expandRole(
  name: string,
  opts: { kw: Inheritable; params: Record<string, unknown>; pos: SourcePos; scope: Scope; tasksFrom?: string | undefined },
  loader: RoleLoader,
  lctx: LoadContext,
  stack: string[] = [],
): Promise<{ instance: RoleInstance; items: Item[] }> {
  const dir = await findRole(name, loader, opts.pos);
  const roleName = path.basename(dir);
  if (stack.includes(dir)) {
    throw new ParseError('RECURSIVE_ROLE', `role dependency cycle: ${[...stack, dir].map((d) => path.basename(d)).join(' → ')}`, {
      source: opts.pos,
      hint: 'a role depends on itself through meta/main.yml dependencies',
    });
  }
  const meta = await loadMapping(path.join(dir, 'meta', 'main'));
  const instance: RoleInstance = {
    name: roleName,
    path: dir,
    params: opts.params,
    defaults: await loadMapping(path.join(dir, 'defaults', 'main')),
    vars: await loadMapping(path.join(dir, 'vars', 'main')),
    dependencies: [],
    handlers: [],
    pos: opts.pos,
  };
  const items: Item[] = [];
  const deps = Array.isArray(meta.dependencies) ? meta.dependencies : [];
  for (const [i, dep] of deps.entries()) {
    const entry = parseRoleEntry(dep, itemPosOf(deps, i) ?? { file: path.join(dir, 'meta', 'main.yml') });
    const depScope: Scope = { kw: {}, parent: opts.scope, role: undefined };
    const expanded = await expandRole(entry.name, { kw: entry.kw, params: entry.params, pos: entry.pos, scope: depScope }, loader, lctx, [...stack, dir]);
    instance.dependencies.push(expanded.instance, ...expanded.instance.dependencies);
    items.push(...expanded.items);
  }
  const key = `${dir}|${opts.tasksFrom ?? 'main'}|${stableJson(opts.params)}`;
  const allowDuplicates = meta.allow_duplicates === true;
  if (loader.seen.has(key) && !allowDuplicates) return { instance, items };
  loader.seen.add(key);
  loader.instances.push(instance);

  const tags = [...(opts.kw.tags ?? []), roleName];
  const scope: Scope = { kw: { ...opts.kw, tags }, parent: opts.scope, role: instance };
  const tasksFile = await firstExisting(path.join(dir, 'tasks', opts.tasksFrom ? opts.tasksFrom.replace(/\.ya?ml$/, '') : 'main'));
  if (opts.tasksFrom && !tasksFile) {
    throw new ParseError('ROLE_TASKS_MISSING', `role '${roleName}' has no tasks file '${opts.tasksFrom}'`, {
      source: opts.pos,
      hint: `expected ${resolveTaskFile(path.join(dir, 'tasks'), opts.tasksFrom)}`,
    });
  }
  if (tasksFile) items.push(...(await loadTaskFile(tasksFile, scope, lctx, opts.pos)));
  const handlersFile = await firstExisting(path.join(dir, 'handlers', 'main'));
  if (handlersFile) {
    const handlerScope: Scope = { kw: {}, parent: opts.scope, role: instance };
    instance.handlers = await loadTaskFile(handlersFile, handlerScope, lctx);
  }
  return { instance, items };
}
