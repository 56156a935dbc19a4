import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ParseError, PlayError } from '../errors.js';
import type { RoleInstance, Scope, TaskItem } from '../playbook/model.js';
import { loadYamlFile } from '../playbook/yaml.js';
import { deepMerge } from '../template/filters-collections.js';
import { pyRegExp } from '../template/regex.js';
import type { Vars } from '../template/types.js';
import { withoutMarks } from '../template/unsafe.js';
import { assignOwn, setOwn } from '../util/own-props.js';
import type { ModuleRun } from './execute-module.js';
import type { RunState } from './state.js';

/**
 * include_vars, as Ansible's action plugin (plugins/action/include_vars.py) does it: a file found
 * on the task's search path, or every file of a directory walked in sorted order; the variables
 * go to the include_vars level (below set_fact), so the executor applies them (see applyFacts).
 */
const DIR_ARGS = new Set(['dir', 'depth', 'files_matching', 'ignore_files', 'extensions', 'ignore_unknown_extensions']);
const FILE_ARGS = new Set(['file', '_raw_params']);
const ALL_ARGS = new Set(['name', 'hash_behaviour']);
const DEFAULT_EXTENSIONS = ['yaml', 'yml', 'json'];

/** A failure Ansible's plugin raises (the task fails with msg), as opposed to one it returns (message). */
class IncludeVarsError extends Error {}

export async function runIncludeVars(state: RunState, task: TaskItem, vars: Vars, taskName: string): Promise<ModuleRun> {
  const out: ModuleRun = { result: {}, changed: false, failed: false, skipped: false, unreachable: false, diffs: [], commands: [], sent: [] };
  const renderCtx = { source: task.pos, task: taskName };
  const args = state.templar.renderValue(task.args, vars, renderCtx) as Record<string, unknown>;
  try {
    const loaded = await load(args, task, state.playbookDir);
    let facts: Vars = loaded.vars;
    const name = args.name === undefined || args.name === null ? undefined : String(args.name);
    if (name) facts = { [name]: facts };
    out.result = { ansible_included_var_files: loaded.files, ansible_facts: facts };
    if (loaded.error !== undefined) {
      out.failed = true;
      out.result.message = loaded.error;
    } else if (args.hash_behaviour === 'merge') {
      const merged: Vars = {};
      for (const [k, v] of Object.entries(facts)) setOwn(merged, k, mergeWith(vars[k], v));
      out.result.ansible_facts = merged;
    }
  } catch (err) {
    if (err instanceof IncludeVarsError) out.result = { msg: err.message };
    else if (err instanceof PlayError) out.result = { msg: err.describe() };
    else throw err;
    out.failed = true;
  }
  return out;
}

/** Ansible's combine_vars(old, new, merge=True): dictionaries merge recursively, anything else is replaced. */
function mergeWith(old: unknown, value: unknown): unknown {
  const o = withoutMarks(old);
  const isMap = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
  return isMap(o) && isMap(value) ? deepMerge(o, value, true, 'replace') : value;
}

interface Loaded {
  vars: Vars;
  files: string[];
  /** A failure the plugin returns (its `message`), after the files it loaded. */
  error?: string;
}

async function load(args: Record<string, unknown>, task: TaskItem, playbookDir: string): Promise<Loaded> {
  let dirs = 0;
  let files = 0;
  for (const arg of Object.keys(args)) {
    if (DIR_ARGS.has(arg)) dirs++;
    else if (FILE_ARGS.has(arg)) files++;
    else if (!ALL_ARGS.has(arg)) throw new IncludeVarsError(`${arg} is not a valid option in include_vars`);
  }
  if (dirs && files) throw new IncludeVarsError('You are mixing file only and dir only arguments, these are incompatible');
  if (args.dir !== undefined && args.dir !== null && args.dir !== '') return loadDir(args, task);
  const raw = args.file ?? args._raw_params;
  if (raw === undefined || raw === null || String(raw).trim() === '') throw new IncludeVarsError('include_vars needs a file (file: or the free-form argument) or a dir');
  const out: Loaded = { vars: {}, files: [] };
  const file = findVarsFile(String(raw).replace(/\n+$/, ''), task, playbookDir);
  if (typeof file !== 'string') return { ...out, error: file.missing };
  const error = await loadInto(out.vars, out.files, file);
  return error === undefined ? out : { ...out, vars: {}, error };
}

/** Ansible's _find_needle('vars', name): each role on the task's chain, the task's own directory, then the playbook's. */
function findVarsFile(name: string, task: TaskItem, playbookDir: string): string | { missing: string } {
  if (path.isAbsolute(name)) return existsSync(name) ? name : notFound(name, [name]);
  const bases = [...rolesOf(task.scope).map((r) => r.path)];
  const taskDir = path.dirname(task.pos.file);
  if (!bases.includes(taskDir)) bases.push(taskDir);
  bases.push(playbookDir);
  const searched: string[] = [];
  for (const base of bases) {
    if (name.split('/')[0] !== 'vars') searched.push(path.join(base, 'vars', name));
    searched.push(path.join(base, name));
  }
  const found = searched.find((f) => existsSync(f));
  return found ? path.resolve(found) : notFound(name, searched);
}

function notFound(name: string, searched: string[]): { missing: string } {
  return {
    missing: `Could not find or access '${name}'\nSearched in:\n\t${searched.join('\n\t')} on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`,
  };
}

/** The task's roles, innermost first (Ansible's reversed dependency chain). */
function rolesOf(scope: Scope | undefined): RoleInstance[] {
  const roles: RoleInstance[] = [];
  for (let s = scope; s; s = s.parent) if (s.role && !roles.includes(s.role)) roles.push(s.role);
  return roles;
}

/** The directory as Ansible's _set_root_dir finds it: under the role's vars/, or beside the task's file. */
function rootDir(dir: string, task: TaskItem): string {
  const role = rolesOf(task.scope)[0];
  if (!role) return path.resolve(path.dirname(task.pos.file), dir);
  if (dir.split('/')[0] === 'vars') {
    const inRole = path.join(role.path, dir);
    return existsSync(inRole) ? inRole : path.resolve(dir);
  }
  return path.join(role.path, 'vars', dir);
}

async function loadDir(args: Record<string, unknown>, task: TaskItem): Promise<Loaded> {
  const depth = args.depth === undefined || args.depth === null ? 0 : Number(args.depth);
  if (!Number.isInteger(depth) || depth < 0) throw new IncludeVarsError(`depth must be a whole number, got ${JSON.stringify(args.depth)}`);
  const matcher = args.files_matching ? pyRegExp(String(args.files_matching)) : undefined;
  const ignore = ignoreList(args.ignore_files);
  const extensions = extensionList(args.extensions);
  const ignoreUnknown = args.ignore_unknown_extensions === true || ['true', 'yes', '1'].includes(String(args.ignore_unknown_extensions).toLowerCase());
  const dir = rootDir(String(args.dir), task);
  const out: Loaded = { vars: {}, files: [] };
  if (!existsSync(dir)) return { ...out, error: `${dir} directory does not exist` };
  if (!statSync(dir).isDirectory()) return { ...out, error: `${dir} is not a directory` };
  // os.walk's directories sorted by path; `depth` counts them in that order, as Ansible does
  const walked = walk(dir).sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  for (const [i, { root, files }] of walked.entries()) {
    if (depth !== 0 && i + 1 > depth) break;
    // a directory's variables count only when all its files loaded (the earlier ones stay)
    const rootVars: Vars = {};
    for (const name of [...files].sort()) {
      if (matcher && !matcher.test(name)) continue;
      const ignored = ignore.some((p) => pyRegExp(`${p}$`).test(name));
      if (ignored || (ignoreUnknown && !validExtension(name, extensions))) continue;
      const file = path.join(root, name);
      const error = validExtension(name, extensions) ? await loadInto(rootVars, out.files, file) : `${file} does not have a valid extension: ${extensions.join(', ')}`;
      if (error !== undefined) return { ...out, error };
    }
    assignOwn(out.vars, rootVars);
  }
  return out;
}

function walk(dir: string): { root: string; files: string[] }[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  // like os.walk (no followlinks): a link to a directory is not entered, a link to a file is a file
  const files = entries.filter((e) => !e.isDirectory() && !(e.isSymbolicLink() && isDir(path.join(dir, e.name)))).map((e) => e.name);
  const subdirs = entries.filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
  return [{ root: dir, files }, ...subdirs.flatMap(walk)];
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function ignoreList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') return value.split(/\s+/).filter((s) => s !== '');
  if (Array.isArray(value)) return value.map(String);
  throw new IncludeVarsError(`ignore_files must be a list, got ${JSON.stringify(value)}`);
}

function extensionList(value: unknown): string[] {
  if (value === undefined || value === null) return DEFAULT_EXTENSIONS;
  // Ansible's list(str): a string is its characters
  if (typeof value === 'string') return [...value];
  if (Array.isArray(value)) return value.map(String);
  throw new IncludeVarsError('Invalid type for "extensions" option, it must be a list');
}

/** Python's os.path.splitext: the extension of the name after its last dot (a leading dot is no extension). */
function validExtension(name: string, extensions: readonly string[]): boolean {
  const ext = path.extname(name);
  return ext !== '' && extensions.includes(ext.slice(1));
}

/** Loads one file into vars (and its name into files); returns the plugin's message when it is not a mapping. */
async function loadInto(vars: Vars, files: string[], file: string): Promise<string | undefined> {
  let data: unknown;
  try {
    data = await loadYamlFile(file);
  } catch (err) {
    if (err instanceof ParseError && err.code === 'FILE_MISSING') throw new IncludeVarsError(`Could not find or access '${file}' on the Ansible Controller.`);
    throw err;
  }
  if (data === null || data === undefined || data === '' || (Array.isArray(data) && data.length === 0)) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) return `${file} must be stored as a dictionary/hash`;
  files.push(file);
  assignOwn(vars, data as Record<string, unknown>);
  return undefined;
}
