import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ParseError, type SourcePos } from '../errors.js';
import { stableJson } from '../facts/types.js';
import { collectionOf } from './collection-ref.js';
import { ROLE_ENTRY_KEYWORDS } from './keywords.js';
import { loadTaskFile, parseItems, resolveTaskFile, toStringList, type LoadContext } from './load-tasks.js';
import { validationTask } from './role-argument-specs.js';
import type { Inheritable, Item, RoleFromFiles, RoleInstance, Scope } from './model.js';
import { itemPosOf, keyPosOf, loadYamlFile, posOf } from './yaml.js';

export interface RoleLoader {
  /** Directories searched for roles by name, in order. */
  searchPaths: string[];
  /** Roles already expanded in this play (see roleKey), for Ansible's once-per-play rule. */
  seen: Set<string>;
  /** Every role instance loaded in this play, in run order (for handlers and play-wide defaults). */
  instances: RoleInstance[];
}

/** Ansible's play.roles as its magic variables show them: what the play names, and what those depend on. */
export interface PlayRoleNames {
  /** roles: entries and import_role, in load order, repeats included. */
  play: string[];
  /** Their meta dependencies (transitively), each once. */
  dependent: string[];
}

export function notePlayRole(names: PlayRoleNames, instance: RoleInstance): void {
  names.play.push(instance.name);
  for (const d of instance.dependencies) if (!names.dependent.includes(d.name)) names.dependent.push(d.name);
}

/** How a role is used: what Ansible's role cache tells apart (role.Role.load's hashed params). */
export interface RoleUse {
  kw: Inheritable;
  params: Record<string, unknown>;
  /** The entry's own `vars:` (also merged into params): a different key from the same params. */
  vars?: Record<string, unknown> | undefined;
  pos: SourcePos;
  scope: Scope;
  tasksFrom?: string | undefined;
  /** vars_from, defaults_from, handlers_from of include_role/import_role. */
  fromFiles?: RoleFromFiles | undefined;
  /** import_role / include_role: never deduplicated unless `allowDuplicates: false`. */
  fromInclude?: boolean;
  allowDuplicates?: boolean | undefined;
  /** include_role/import_role's `rolespec_validate` (true unless given false). */
  rolespecValidate?: boolean | undefined;
}

/**
 * The role cache key: the same role with the same parameters, `vars`, `when`, `tags`, tasks file
 * and kind of inclusion is one role that runs once per play; anything different runs again.
 */
function roleKey(dir: string, use: RoleUse): string {
  const { when, tags } = use.kw;
  return `${dir}|${stableJson({ params: use.params, vars: use.vars ?? null, when: when ?? null, tags: tags ?? null, from: use.tasksFrom ?? null, files: use.fromFiles ?? null, include: use.fromInclude === true })}`;
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
  const collection = collectionOf(name);
  if (collection) {
    throw new ParseError('ROLE_COLLECTION', `the role '${name}' was not found: it names a role of the collection '${collection}', and collections are not available in play`, {
      source: pos,
      hint: `put the role under roles/ and use its short name; looked in: ${candidates.join(', ')}`,
    });
  }
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

/** A role's defaults or vars: main, or the file vars_from/defaults_from names (which must exist). */
async function roleVarsFile(dir: string, kind: 'vars' | 'defaults', from: string | undefined, pos: SourcePos): Promise<Record<string, unknown>> {
  if (from === undefined) return loadMapping(path.join(dir, kind, 'main'));
  const base = path.join(dir, kind, from.replace(/\.ya?ml$/, ''));
  if (!(await firstExisting(base))) {
    throw new ParseError('ROLE_FILE_MISSING', `role '${path.basename(dir)}' has no ${kind} file '${from}'`, { source: pos, hint: `expected ${base}.yml` });
  }
  return loadMapping(base);
}

async function firstExisting(base: string): Promise<string | undefined> {
  for (const f of [base + '.yml', base + '.yaml', base]) if ((await exists(f)) && !(await stat(f)).isDirectory()) return f;
  return undefined;
}

/** Splits a `roles:` entry (string or mapping) into name, keywords and parameters. */
export function parseRoleEntry(
  entry: unknown,
  fallbackPos: SourcePos,
): { name: string; kw: Inheritable; params: Record<string, unknown>; vars?: Record<string, unknown>; pos: SourcePos } {
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
  let vars: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'role' || k === 'name') continue;
    if (ROLE_ENTRY_KEYWORDS.has(k)) {
      if (k === 'tags') kw.tags = toStringList(v);
      else if (k === 'when') kw.when = Array.isArray(v) ? v : [v];
      else if (k === 'vars') {
        vars = { ...(v as Record<string, unknown>) };
        Object.assign(params, v as Record<string, unknown>);
      }
      else (kw as Record<string, unknown>)[k] = v;
    } else params[k] = v;
  }
  return { name, kw, params, ...(vars ? { vars } : {}), pos: keyPosOf(raw, 'role') ?? pos };
}

/**
 * Expands a role (and, first, its meta dependencies) into task items. Each role's tasks run in
 * a scope carrying the role and the entry's keywords.
 */
export async function expandRole(
  name: string,
  opts: RoleUse,
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
    defaults: await roleVarsFile(dir, 'defaults', opts.fromFiles?.defaults, opts.pos),
    vars: await roleVarsFile(dir, 'vars', opts.fromFiles?.vars, opts.pos),
    dependencies: [],
    handlers: [],
    pos: opts.pos,
  };
  const items: Item[] = [];
  const deps = Array.isArray(meta.dependencies) ? meta.dependencies : [];
  for (const [i, dep] of deps.entries()) {
    const entry = parseRoleEntry(dep, itemPosOf(deps, i) ?? { file: path.join(dir, 'meta', 'main.yml') });
    const depScope: Scope = { kw: {}, parent: opts.scope, role: undefined };
    const expanded = await expandRole(entry.name, { kw: entry.kw, params: entry.params, vars: entry.vars, pos: entry.pos, scope: depScope }, loader, lctx, [...stack, dir]);
    instance.dependencies.push(expanded.instance, ...expanded.instance.dependencies);
    items.push(...expanded.items);
  }
  const key = roleKey(dir, opts);
  // include_role/import_role allow duplicates unless told otherwise, whatever meta says (Ansible's IncludeRole)
  const allowDuplicates = opts.fromInclude ? opts.allowDuplicates !== false : meta.allow_duplicates === true;
  if (loader.seen.has(key) && !allowDuplicates) return { instance, items };
  loader.seen.add(key);
  loader.instances.push(instance);

  // a role's tasks carry the entry's tags; Ansible adds no tag of the role's name
  const scope: Scope = { kw: { ...opts.kw }, parent: opts.scope, role: instance };
  const tasksFile = await firstExisting(path.join(dir, 'tasks', opts.tasksFrom ? opts.tasksFrom.replace(/\.ya?ml$/, '') : 'main'));
  if (opts.tasksFrom && !tasksFile) {
    throw new ParseError('ROLE_TASKS_MISSING', `role '${roleName}' has no tasks file '${opts.tasksFrom}'`, {
      source: opts.pos,
      hint: `expected ${resolveTaskFile(path.join(dir, 'tasks'), opts.tasksFrom)}`,
    });
  }
  const validation = opts.rolespecValidate === false ? undefined : await validationTask(dir, roleName, meta, opts);
  if (validation) items.push(...(await parseItems([validation], path.join(dir, 'meta', 'argument_specs.yml'), scope, lctx)));
  if (tasksFile) items.push(...(await loadTaskFile(tasksFile, scope, lctx, opts.pos)));
  const handlersFrom = opts.fromFiles?.handlers;
  const handlersFile = await firstExisting(path.join(dir, 'handlers', handlersFrom ? handlersFrom.replace(/\.ya?ml$/, '') : 'main'));
  if (handlersFrom && !handlersFile) throw new ParseError('ROLE_FILE_MISSING', `role '${roleName}' has no handlers file '${handlersFrom}'`, { source: opts.pos, hint: `expected ${resolveTaskFile(path.join(dir, 'handlers'), handlersFrom)}` });
  if (handlersFile) {
    const handlerScope: Scope = { kw: {}, parent: opts.scope, role: instance };
    instance.handlers = await loadTaskFile(handlersFile, handlerScope, { ...lctx, inHandlers: 'top' });
  }
  return { instance, items };
}

/**
 * What an include_role/import_role inside a role passes to the role it includes, as Ansible's
 * IncludeRole.get_include_params does: the including role's parameters, and the chain of
 * including roles (innermost first) as `ansible_parent_role_names` / `ansible_parent_role_paths`.
 */
export function parentRoleParams(scope: Scope): Record<string, unknown> {
  const role = scope.role;
  if (!role) return {};
  let outer: Record<string, unknown> | undefined;
  for (let s: Scope | undefined = scope; s && !outer; s = s.parent) if (s.includeParams && 'ansible_parent_role_names' in s.includeParams) outer = s.includeParams;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  return {
    ...role.params,
    ansible_parent_role_names: [role.name, ...list(outer?.ansible_parent_role_names)],
    ansible_parent_role_paths: [role.path, ...list(outer?.ansible_parent_role_paths)],
  };
}
