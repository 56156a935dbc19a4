import { existsSync } from 'node:fs';
import path from 'node:path';
import { ParseError, type SourcePos } from '../errors.js';
import { getModule, isKnownAction, moduleNames } from '../modules/registry.js';
import { parseBoolean } from '../util/ansible-boolean.js';
import { didYouMean } from '../util/suggest.js';
import { ANSIBLE_BUILTIN_MODULES } from './ansible-modules.js';
import { FREE_FORM_KEYS, parseKv, splitModuleString } from './kv.js';
import { BLOCK_KEYWORDS, INHERITABLE, REFUSED_KEYWORDS, TASK_KEYWORDS, canonicalAction } from './keywords.js';
import type { BlockItem, IncludeItem, Inheritable, Item, RoleFromFiles, Scope, TaskItem } from './model.js';
import { localSearchPaths } from './search-paths.js';
import { checkBooleanKeywords, checkTask, checkTemplateSource } from './check-task.js';
import { checkArgNames } from './validate-args.js';
import { loadVarsKeyword } from './vars-keyword.js';
import type { Vars } from '../template/types.js';
import { itemPosOf, keyPosOf, loadYamlFile, posOf } from './yaml.js';
import { renderStaticName } from './static-name.js';
import { loadLoopControl } from './loop-control.js';

/** A fresh item numbering, for one load (a playbook and its imports, or one dynamic include). */
export function idCounter(start = 0): () => number {
  let n = start;
  return () => ++n;
}

/** Loader state shared by one playbook load (and by dynamic includes at run time). */
export interface LoadContext {
  playbookDir: string;
  /** Files being loaded, outermost first: detects recursive includes. */
  chain: string[];
  /** Numbers the items of this load: a counter owned by the load, never by the module. */
  nextId(): number;
  /** Load a role for import_role / roles: (provided by roles.ts to avoid an import cycle). */
  importRole(name: string, opts: { tasksFrom?: string; fromFiles?: RoleFromFiles; params: Record<string, unknown>; pos: SourcePos; scope: Scope; allowDuplicates?: boolean; rolespecValidate?: boolean }): Promise<Item[]>;
  /**
   * Loading handlers: 'top' for a handler list (the play's, a role's handlers/main.yml, a file
   * imported there), 'nested' inside one of its blocks, where Ansible refuses a further block.
   */
  inHandlers?: 'top' | 'nested';
  /** How many enclosing blocks being loaded have a rescue: a failure there is handled. */
  rescueDepth?: number;
  /** -e variables: an import_role/import_tasks name that is a template may use them (as play vars). */
  extraVars?: Vars;
  /** The play's vars_files variables, read once when a templated import name first needs them. */
  varsFilesVars?(): Promise<Vars>;
  /** What an import_role inside a role passes on (roles.ts's parentRoleParams; no import cycle). */
  parentRoleParams?(scope: Scope): Record<string, unknown>;
}

export async function loadTaskFile(file: string, scope: Scope, lctx: LoadContext, pos?: SourcePos): Promise<Item[]> {
  if (lctx.chain.includes(file)) {
    throw new ParseError('RECURSIVE_INCLUDE', `recursive include of ${file} (${[...lctx.chain, file].map((f) => path.basename(f)).join(' → ')})`, {
      source: pos ?? { file },
      hint: 'a task file includes itself, directly or through other files; break the cycle',
    });
  }
  const data = await loadYamlFile(file, pos);
  if (data === null) return [];
  if (!Array.isArray(data)) {
    throw new ParseError('TASKS_NOT_LIST', 'a task file must be a list of tasks', {
      source: posOf(data) ?? { file },
      hint: 'start each task with "- name: …"',
    });
  }
  return parseItems(data, file, scope, { ...lctx, chain: [...lctx.chain, file] });
}

export async function parseItems(list: unknown, file: string, scope: Scope, lctx: LoadContext): Promise<Item[]> {
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new ParseError('TASKS_NOT_LIST', 'expected a list of tasks', { source: posOf(list) ?? { file }, hint: 'use "- name: …" entries' });
  }
  const items: Item[] = [];
  for (const [i, entry] of list.entries()) items.push(...(await parseItem(entry, file, scope, lctx, itemPosOf(list, i))));
  return items;
}

async function parseItem(entry: unknown, file: string, scope: Scope, lctx: LoadContext, itemPos?: SourcePos): Promise<Item[]> {
  const pos = posOf(entry) ?? itemPos ?? { file };
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new ParseError('TASK_NOT_MAPPING', `a task must be a mapping, got ${JSON.stringify(entry)}`, {
      source: pos,
      hint: 'each task is "- name: …" followed by a module and its arguments',
    });
  }
  const raw = entry as Record<string, unknown>;
  refuseKeywords(raw, pos);
  if ('block' in raw) return [await parseBlock(raw, file, scope, lctx, pos)];

  const kw: Inheritable = {};
  const actionKeys: string[] = [];
  for (const key of Object.keys(raw)) {
    if (TASK_KEYWORDS.has(key) || key.startsWith('with_')) continue;
    actionKeys.push(key);
  }
  let action: string | undefined;
  let argValue: unknown;
  if ('action' in raw || 'local_action' in raw) {
    const spec = raw.action ?? raw.local_action;
    ({ action, argValue } = splitActionSpec(spec, keyPosOf(raw, 'action' in raw ? 'action' : 'local_action') ?? pos));
    if ('local_action' in raw) kw.delegate_to = 'localhost';
  }
  for (const key of actionKeys) {
    const canonical = canonicalAction(key);
    if (!isKnownAction(canonical) && !ANSIBLE_BUILTIN_MODULES.has(canonical)) {
      const hint = didYouMean(key, [...TASK_KEYWORDS, ...moduleNames()]);
      throw new ParseError('UNKNOWN_ACTION', `unknown module or task keyword '${key}'`, {
        source: keyPosOf(raw, key),
        hint: hint ?? 'see docs/modules.md for the modules play provides',
      });
    }
    if (action !== undefined) {
      throw new ParseError('MULTIPLE_ACTIONS', `a task can only have one module, found '${action}' and '${key}'`, {
        source: keyPosOf(raw, key),
        hint: 'split this into two tasks',
      });
    }
    action = canonical;
    argValue = raw[key];
  }
  if (action === undefined) {
    throw new ParseError('NO_ACTION', 'this task has no module', {
      source: pos,
      hint: 'add a module such as "command:", "copy:" or "debug:" (unknown keys are reported as such)',
    });
  }
  const name = raw.name === undefined ? undefined : String(raw.name);
  readInheritable(raw, kw, file);

  if (action === 'import_tasks' || action === 'include_tasks' || action === 'include' || action === 'import_role' || action === 'include_role') {
    return parseInclude(action, argValue, raw, kw, file, scope, lctx, pos, name);
  }

  const args = normalizeArgs(action, argValue, raw, pos);
  const task: TaskItem = {
    kind: 'task',
    id: lctx.nextId(),
    name,
    action,
    args,
    kw,
    scope,
    pos,
  };
  const loopKey = Object.keys(raw).find((k) => k === 'loop' || k.startsWith('with_'));
  if (loopKey) task.loop = loopKey === 'loop' ? raw.loop : { lookup: loopKey.slice(5), terms: raw[loopKey] };
  if (raw.loop_control !== undefined) task.loopControl = loadLoopControl(raw.loop_control, pos);
  if (raw.register !== undefined) task.register = String(raw.register);
  if (raw.notify !== undefined) task.notify = toStringList(raw.notify);
  if (raw.listen !== undefined) task.listen = toStringList(raw.listen);
  if (raw.changed_when !== undefined) task.changedWhen = toList(raw.changed_when);
  if (raw.failed_when !== undefined) task.failedWhen = toList(raw.failed_when);
  if (raw.until !== undefined) task.until = toList(raw.until);
  if (raw.retries !== undefined) task.retries = raw.retries;
  if (raw.delay !== undefined) task.delay = raw.delay;
  if (raw.async !== undefined) task.async = raw.async;
  if (raw.poll !== undefined) task.poll = raw.poll;
  checkTask(task, raw, expectsFailure(task, lctx));
  try {
    const mod = getModule(action);
    if (mod) checkArgNames(mod, args, raw, action, pos);
    checkLocalSource(task, raw, lctx.playbookDir);
    checkTemplateSource(task, lctx.playbookDir);
  } catch (err) {
    // Ansible finds these when the task runs; a task that expects to fail gets them then
    if (!(err instanceof ParseError) || !expectsFailure(task, lctx)) throw err;
    task.deferredError = err;
  }
  return [task];
}

async function parseBlock(raw: Record<string, unknown>, file: string, scope: Scope, lctx: LoadContext, pos: SourcePos): Promise<BlockItem> {
  for (const key of Object.keys(raw)) {
    if (!BLOCK_KEYWORDS.has(key)) {
      throw new ParseError('UNKNOWN_BLOCK_KEYWORD', `'${key}' is not a valid keyword for a block`, {
        source: keyPosOf(raw, key),
        hint: didYouMean(key, BLOCK_KEYWORDS) ?? 'a block takes block/rescue/always plus keywords like when, become, tags',
      });
    }
  }
  checkBooleanKeywords(raw, pos, 'block');
  if (lctx.inHandlers === 'nested') {
    throw new ParseError('HANDLER_BLOCK', 'Using a block as a handler is not supported.', { source: pos, hint: 'handlers may be grouped in one block, not in blocks within it (as in Ansible)' });
  }
  if (lctx.inHandlers) lctx = { ...lctx, inHandlers: 'nested' };
  const kw: Inheritable = {};
  readInheritable(raw, kw, file);
  const inner: Scope = { kw, parent: scope, role: scope.role };
  if (raw.notify !== undefined) inner.notify = toStringList(raw.notify);
  const id = lctx.nextId();
  const rescued = Array.isArray(raw.rescue) && raw.rescue.length > 0;
  lctx.rescueDepth = (lctx.rescueDepth ?? 0) + (rescued ? 1 : 0);
  let block: Item[];
  try {
    block = await parseItems(raw.block, file, inner, lctx);
  } finally {
    lctx.rescueDepth -= rescued ? 1 : 0;
  }
  return {
    kind: 'block',
    id,
    name: raw.name === undefined ? undefined : String(raw.name),
    block,
    rescue: await parseItems(raw.rescue, file, inner, lctx),
    always: await parseItems(raw.always, file, inner, lctx),
    kw: {},
    scope: inner,
    pos,
  };
}

const ROLE_INCLUDE_KEYS = new Set(['name', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'public', 'allow_duplicates', 'rolespec_validate']);

async function parseInclude(
  action: string,
  argValue: unknown,
  raw: Record<string, unknown>,
  kw: Inheritable,
  file: string,
  scope: Scope,
  lctx: LoadContext,
  pos: SourcePos,
  name: string | undefined,
): Promise<Item[]> {
  const isRole = action.endsWith('_role');
  if (isRole && lctx.inHandlers) {
    throw new ParseError('HANDLER_INCLUDE_ROLE', `Using '${action}' as a handler is not supported.`, { source: pos, hint: 'notify a handler the role defines in its handlers/main.yml, or use include_tasks' });
  }
  // a role's handler files include files of its handlers/ directory, its task files of tasks/
  const roleSubdir = lctx.inHandlers ? 'handlers' : 'tasks';
  const args: Record<string, unknown> =
    typeof argValue === 'string' ? (isRole ? { name: argValue } : { file: argValue }) : { ...((argValue as Record<string, unknown>) ?? {}) };
  const kvKeys = isRole ? ROLE_INCLUDE_KEYS : new Set(['file']);
  const firstKey = typeof argValue === 'string' ? /^\s*([a-z_]+)=/.exec(argValue)?.[1] : undefined;
  if (typeof argValue === 'string' && firstKey !== undefined && kvKeys.has(firstKey)) {
    // `include_role: name=r1 tasks_from=x`, `import_role: name="{{ r }}"` and `include_tasks: file=x.yml`
    delete args.name;
    delete args.file;
    Object.assign(args, parseKv(argValue, kvKeys));
  }
  if (args._raw_params !== undefined) {
    args[isRole ? 'name' : 'file'] = args._raw_params;
    delete args._raw_params;
  }
  const target = isRole ? args.name : (args.file ?? args._raw_params);
  if (target === undefined) {
    throw new ParseError('INCLUDE_NO_TARGET', `${action} needs ${isRole ? 'a role name' : 'a file'}`, { source: pos, hint: `e.g. "${action}: ${isRole ? 'name: myrole' : 'other.yml'}"` });
  }
  const params = (raw.vars as Record<string, unknown> | undefined) ?? {};
  const isStatic = action.startsWith('import_');
  const applyKw = readApply(args, isStatic, action, file, pos);
  const loopKey = Object.keys(raw).find((k) => k === 'loop' || k.startsWith('with_'));
  if (isStatic) {
    if (loopKey) throw new ParseError('IMPORT_LOOP', `${action} cannot be used with a loop`, { source: pos, hint: `use ${action.replace('import_', 'include_')} for loops` });
    const { vars, ...inheritable } = kw;
    const templated = typeof target === 'string' && /{{|{%/.test(target);
    const staticTarget = templated ? renderStaticName(action, target, scope, { task: vars, extra: lctx.extraVars ?? {}, varsFiles: await lctx.varsFilesVars?.() }, pos) : target;
    const inner: Scope = { kw: inheritable, parent: scope, role: scope.role, includeParams: { ...(vars ?? {}) } };
    if (isRole) {
      Object.assign(inner.includeParams ?? {}, lctx.parentRoleParams?.(scope));
      return lctx.importRole(String(staticTarget), {
        ...(args.tasks_from === undefined ? {} : { tasksFrom: String(args.tasks_from) }),
        fromFiles: roleFromFiles(args),
        ...(args.allow_duplicates === undefined ? {} : { allowDuplicates: parseBoolean(args.allow_duplicates) !== false }),
        ...(args.rolespec_validate === undefined ? {} : { rolespecValidate: parseBoolean(args.rolespec_validate) !== false }),
        params,
        pos,
        scope: inner,
      });
    }
    const base = scope.role ? path.join(scope.role.path, roleSubdir) : path.dirname(file);
    return loadTaskFile(resolveTaskFile(base, String(staticTarget)), inner, lctx.inHandlers ? { ...lctx, inHandlers: 'top' } : lctx, pos);
  }
  // a role include_role names is looked for when it runs (a missing one fails the hosts there, as in Ansible)
  const item: IncludeItem = {
    kind: action === 'include_role' ? 'include_role' : 'include_tasks',
    id: lctx.nextId(),
    name,
    target,
    args,
    kw,
    scope,
    pos,
    baseDir: scope.role ? path.join(scope.role.path, roleSubdir) : path.dirname(file),
  };
  if (applyKw) item.applyKw = applyKw;
  if (loopKey) item.loop = loopKey === 'loop' ? raw.loop : { lookup: loopKey.slice(5), terms: raw[loopKey] };
  if (raw.loop_control !== undefined) item.loopControl = loadLoopControl(raw.loop_control, pos);
  return [item];
}

/** include_role/import_role's vars_from, defaults_from and handlers_from. */
export function roleFromFiles(args: Record<string, unknown>): RoleFromFiles {
  const files: RoleFromFiles = {};
  for (const kind of ['vars', 'defaults', 'handlers'] as const) {
    const v = args[`${kind}_from`];
    if (v !== undefined && v !== null) files[kind] = String(v);
  }
  return files;
}

/**
 * A task that expects it may fail: ignore_errors (its own or inherited, unless literally false),
 * failed_when, or inside a block with a rescue. Its statically known errors wait for its run.
 */
function expectsFailure(task: TaskItem, lctx: LoadContext): boolean {
  if ((lctx.rescueDepth ?? 0) > 0 || task.failedWhen !== undefined) return true;
  const ignores = (kw: Inheritable): boolean => kw.ignore_errors !== undefined && kw.ignore_errors !== null && parseBoolean(kw.ignore_errors) !== false;
  if (ignores(task.kw)) return true;
  for (let s: Scope | undefined = task.scope; s; s = s.parent) if (ignores(s.kw)) return true;
  return false;
}

export function resolveTaskFile(base: string, name: string): string {
  const withExt = /\.(ya?ml|json)$/.test(name) ? name : `${name}.yml`;
  return path.isAbsolute(withExt) ? withExt : path.join(base, withExt);
}

/**
 * A template or copy source that depends on no variable must exist before anything runs
 * (Ansible finds out only when the task runs, after earlier tasks changed hosts).
 */
function checkLocalSource(task: TaskItem, raw: Record<string, unknown>, playbookDir: string): void {
  if (task.action !== 'template' && task.action !== 'copy') return;
  const src = task.args.src;
  if (typeof src !== 'string' || /{{|{%/.test(src) || parseBoolean(task.args.remote_src) === true) return;
  const kind = task.action === 'template' ? 'templates' : 'files';
  const dirs = path.isAbsolute(src) ? [''] : localSearchPaths(kind, task.scope.role, playbookDir);
  if (dirs.some((d) => existsSync(path.join(d, src)))) return;
  const argsObj = raw[Object.keys(raw).find((k) => canonicalAction(k) === task.action) ?? ''];
  throw new ParseError('LOCAL_FILE_MISSING', `${task.action}: could not find '${src}'`, {
    source: keyPosOf(argsObj, 'src') ?? task.pos,
    hint: `searched: ${dirs.join(', ')}`,
  });
}

function splitActionSpec(spec: unknown, pos: SourcePos): { action: string; argValue: unknown } {
  if (typeof spec === 'string') {
    let parts: { module: string; rest: string };
    try {
      parts = splitModuleString(spec);
    } catch (err) {
      throw new ParseError('BAD_ACTION', `cannot parse action: ${(err as Error).message}`, { source: pos, hint: 'balance the quotes and {{ }} in the action string' });
    }
    const { module, rest } = parts;
    return { action: canonicalAction(module), argValue: rest };
  }
  if (spec && typeof spec === 'object' && 'module' in spec) {
    const { module, ...args } = spec as Record<string, unknown>;
    return { action: canonicalAction(String(module)), argValue: args };
  }
  throw new ParseError('BAD_ACTION', 'action: needs "module args…" or a mapping with "module:"', { source: pos, hint: 'e.g. action: copy src=a dest=b' });
}

/** Executor actions whose key=value string is parsed without check_raw. */
const KV_ACTIONS = new Set(['include_vars', 'add_host', 'group_by']);

function normalizeArgs(action: string, argValue: unknown, raw: Record<string, unknown>, pos: SourcePos): Record<string, unknown> {
  const mod = getModule(action);
  let args: Record<string, unknown>;
  if (argValue === null || argValue === undefined) args = {};
  else if (typeof argValue === 'string' || typeof argValue === 'number') {
    try {
      // a module play does not have is parsed as free-form: it fails when it runs, not here;
      // executor actions take every key=value, other words are _raw_params (Ansible's parse_kv without check_raw)
      const freeForm = mod ? mod.freeForm : action !== 'meta' && !KV_ACTIONS.has(action);
      args = freeForm
        ? parseKv(String(argValue), FREE_FORM_KEYS)
        : action === 'meta'
          ? { _raw_params: String(argValue) }
          : parseKv(String(argValue), undefined, KV_ACTIONS.has(action));
    } catch (err) {
      throw new ParseError('BAD_ARGS', `cannot parse arguments of ${action}: ${(err as Error).message}`, {
        source: keyPosOf(raw, action) ?? pos,
        hint: 'write arguments as key=value pairs or as a YAML mapping under the module name',
      });
    }
  } else if (typeof argValue === 'object' && !Array.isArray(argValue)) args = { ...(argValue as Record<string, unknown>) };
  else {
    throw new ParseError('BAD_ARGS', `arguments of ${action} must be a mapping or a key=value string`, { source: pos, hint: 'indent the arguments under the module name' });
  }
  if (raw.args && typeof raw.args === 'object') args = { ...(raw.args as Record<string, unknown>), ...args };
  return args;
}

/** A keyword play knows and does not do (async, poll) is an error that says why, never ignored. */
export function refuseKeywords(raw: Record<string, unknown>, pos: SourcePos): void {
  for (const key of Object.keys(raw)) {
    const why = REFUSED_KEYWORDS[key];
    if (why !== undefined) throw new ParseError('UNSUPPORTED_KEYWORD', `'${key}' is not supported`, { source: keyPosOf(raw, key) ?? pos, hint: why });
  }
}

/** include_*'s `apply:` — block keywords the included tasks inherit (Ansible wraps them in a block). */
function readApply(args: Record<string, unknown>, isStatic: boolean, action: string, file: string, pos: SourcePos): Inheritable | undefined {
  if (!('apply' in args)) return undefined;
  const apply = args.apply;
  delete args.apply;
  if (isStatic) throw new ParseError('BAD_APPLY', `'apply' is not valid for ${action}`, { source: pos, hint: `use ${action.replace('import_', 'include_')}, or put the keywords on the ${action} itself` });
  if (apply === null || typeof apply !== 'object' || Array.isArray(apply)) throw new ParseError('BAD_APPLY', `${action}'s apply must be a mapping of block keywords`, { source: pos, hint: 'apply:\n  tags: [web]' });
  const raw = apply as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (key === 'block' || !BLOCK_KEYWORDS.has(key)) {
      throw new ParseError('BAD_APPLY', `'${key}' is not a valid keyword for ${action}'s apply`, { source: keyPosOf(raw, key) ?? pos, hint: didYouMean(key, BLOCK_KEYWORDS) ?? 'apply takes block keywords such as tags, vars, when, become' });
    }
  }
  refuseKeywords(raw, pos);
  const kw: Inheritable = {};
  readInheritable(raw, kw, file);
  return kw;
}

function readInheritable(raw: Record<string, unknown>, kw: Inheritable, file: string): void {
  for (const key of INHERITABLE) {
    if (!(key in raw)) continue;
    const v = raw[key];
    if (key === 'when') kw.when = toList(v);
    else if (key === 'tags') kw.tags = toStringList(v);
    else if (key === 'vars') kw.vars = loadVarsKeyword(raw, { file }, 'block or task');
    else (kw as Record<string, unknown>)[key] = v;
  }
}

export function toList(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function toStringList(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  return [String(v)];
}
