/**
 * Load-time checks of a task that need no variables: Jinja2 syntax of every string and condition,
 * the syntax of a static template source, register names, literal loops and boolean keywords.
 * They run before any host is touched; Ansible finds most of these only when the task runs.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { ParseError, type SourcePos } from '../errors.js';
import { Templar } from '../template/index.js';
import { parseBoolean } from '../util/ansible-boolean.js';
import { didYouMean } from '../util/suggest.js';
import type { TaskItem } from './model.js';
import { ANSIBLE_BUILTIN_LOOKUPS } from './ansible-modules.js';
import { localSearchPaths } from './search-paths.js';
import { keyPosOf } from './yaml.js';

/** Only checks syntax: its one state is the compile cache, keyed by the template text. */
const templar = new Templar();

/** Keywords whose literal value must be a boolean (a template is checked at run time). */
const BOOLEAN_KEYWORDS = ['become', 'no_log', 'ignore_errors', 'ignore_unreachable', 'check_mode', 'diff', 'run_once', 'any_errors_fatal'] as const;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, strings(k, out));
  return out;
}

/** True for a literal that Ansible's boolean rule accepts, or a template (checked once rendered). */
export function isBooleanLiteral(v: unknown): boolean {
  return parseBoolean(v) !== undefined || (typeof v === 'string' && Templar.isTemplate(v));
}

export function checkBooleanKeywords(raw: Record<string, unknown>, pos: SourcePos, what: string): void {
  for (const key of BOOLEAN_KEYWORDS) {
    if (!(key in raw) || raw[key] === null || isBooleanLiteral(raw[key])) continue;
    throw new ParseError('BAD_KEYWORD_VALUE', `the ${what} keyword '${key}' has an invalid value (${JSON.stringify(raw[key])}): expected a boolean`, {
      source: keyPosOf(raw, key) ?? pos,
      hint: 'use true or false (yes/no, on/off, 1/0 and t/f also work), or a {{ expression }}',
    });
  }
}

/** `expectsFailure`: an inherited guard (a block's or play's ignore_errors, an enclosing rescue). */
export function checkTask(task: TaskItem, raw: Record<string, unknown>, expectsFailure = false): void {
  const pos = task.pos;
  const at = (key: string): SourcePos => keyPosOf(raw, key) ?? pos;
  checkBooleanKeywords(raw, pos, 'task');
  if (task.register !== undefined && !IDENTIFIER.test(task.register)) {
    throw new ParseError('BAD_REGISTER', `invalid variable name in 'register': '${task.register}'`, {
      source: at('register'),
      hint: 'a variable name has letters, digits and underscores and does not start with a digit',
    });
  }
  // a guarded task fails when it runs, as in Ansible, so its guard can handle the failure
  const guarded = expectsFailure || raw.ignore_errors !== undefined || raw.failed_when !== undefined;
  if (!guarded && 'loop' in raw && raw.loop !== null && !Array.isArray(raw.loop) && !(typeof raw.loop === 'string' && Templar.isTemplate(raw.loop))) {
    throw new ParseError('BAD_LOOP', `'loop' needs a list, got ${JSON.stringify(raw.loop)}`, {
      source: at('loop'),
      hint: 'write a YAML list, or a {{ expression }} that gives one',
    });
  }
  for (const key of Object.keys(raw)) {
    if (key.startsWith('with_') && !ANSIBLE_BUILTIN_LOOKUPS.has(key.slice(5))) {
      throw new ParseError('UNKNOWN_LOOKUP', `'${key}' is not a valid attribute for a task: there is no lookup '${key.slice(5)}'`, {
        source: at(key),
        hint: didYouMean(key, [...ANSIBLE_BUILTIN_LOOKUPS].map((l) => `with_${l}`)) ?? 'collection lookups are not available in play; use loop: with a filter',
      });
    }
  }
  if (!guarded) {
    for (const s of strings([task.name, task.args, task.kw.vars, task.kw.environment, task.loop, task.notify, task.kw.delegate_to])) {
      templar.checkSyntax(s, { source: pos });
    }
    for (const cond of [...(task.kw.when ?? []), ...(task.changedWhen ?? []), ...(task.failedWhen ?? []), ...(task.until ?? [])]) {
      if (typeof cond === 'string') templar.checkSyntax(cond, { expression: true, source: pos });
    }
  }
}

/** A template whose src depends on no variable is parsed now: a syntax error names its line. */
export function checkTemplateSource(task: TaskItem, playbookDir: string): void {
  if (task.action !== 'template') return;
  const src = task.args.src;
  if (typeof src !== 'string' || Templar.isTemplate(src)) return;
  const dirs = path.isAbsolute(src) ? [''] : localSearchPaths('templates', task.scope.role, playbookDir);
  const file = dirs.map((d) => path.join(d, src)).find((f) => existsSync(f));
  if (!file) return;
  const markers: Record<string, string> = {};
  for (const [arg, setting] of TEMPLATE_MARKERS) {
    const value = task.args[arg];
    if (value === undefined) continue;
    // markers that depend on variables are known when the task runs, which parses the file then
    if (typeof value !== 'string' || Templar.isTemplate(value)) return;
    markers[setting] = value;
  }
  templar.checkFile(file, markers);
}

/** The template module's marker arguments and the lexer settings they set. */
const TEMPLATE_MARKERS: ReadonlyMap<string, string> = new Map([
  ['block_start_string', 'blockStart'],
  ['block_end_string', 'blockEnd'],
  ['variable_start_string', 'variableStart'],
  ['variable_end_string', 'variableEnd'],
  ['comment_start_string', 'commentStart'],
  ['comment_end_string', 'commentEnd'],
]);

