/**
 * The functions compiled templates call (reached as `env.play.*` from generated code, see
 * compiler.ts), and the render context that resolves variable names. Variable lookups never copy
 * the variables object, so lazily templated variables are only computed when a template uses them.
 */
import { JinjaError, UndefinedLookup } from './errors.js';
import { nj } from './nunjucks-internals.js';
import type { RenderCallback, RuntimeFrame, RootFn, TemplateInstance } from './nunjucks-internals.js';
import { findMethod } from './pymethods.js';
import {
  Undefined,
  compareOp,
  isMapping,
  namedField,
  isStr,
  outputStr,
  plain,
  pyAdd,
  pySub,
  pyContains,
  pyMul,
  pyStr,
  truthy,
  typeName,
  tuple,
} from './python.js';
import { pyMod } from './py-format.js';
import type { Vars } from './types.js';
import { noteDerived } from './secret-taint.js';
import { readForTemplate } from './unsafe.js';
import { isOpaque } from './opaque.js';
import { setOwn } from '../util/own-props.js';
import { LoopState, loopItems, unpack } from './loop-context.js';
import { makeMacro } from './compile-macro.js';
import { closePieces, notePiece, openPieces, readMarked } from './native-text.js';

const hasOwn = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

/**
 * Names no template may reach, as a variable or an attribute: the way from any value to its
 * prototype and constructor, and from there to `Function` (code on the controller).
 */
const FORBIDDEN_NAMES = new Set(['constructor', '__proto__', 'prototype']);

export function isForbiddenName(name: unknown): boolean {
  return typeof name === 'string' && FORBIDDEN_NAMES.has(name);
}

/** nunjucks' Context contract, backed by the caller's variables without copying them. */
export class PlayContext {
  private readonly locals: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private readonly blocks: Record<string, RootFn[]> = {};
  private readonly exported: string[] = [];
  /**
   * Lazy variable sets hand templates plain values already (lazy-vars.ts); any other variables
   * object (play vars for `hosts:`, tests) may hold unsafe values, unwrapped here as they are read.
   */
  private readonly unwrap: boolean;

  constructor(
    readonly env: { globals: Record<string, unknown> },
    private readonly vars: Vars,
    blocks: Record<string, RootFn>,
    private readonly parent?: PlayContext,
  ) {
    this.unwrap = !isOpaque(vars);
    for (const [name, fn] of Object.entries(blocks)) this.addBlock(name, fn);
  }

  lookup(name: string): unknown {
    if (isForbiddenName(name)) return undefined;
    if (name in this.locals) return this.locals[name];
    if (this.parent) return this.parent.lookup(name);
    if (hasOwn(this.vars, name)) return this.unwrap ? readForTemplate(this.vars[name]) : readMarked(this.vars, name, this.vars[name]);
    return hasOwn(this.env.globals, name) ? this.env.globals[name] : undefined;
  }
  /** A variable (not a global such as `lookup`), for lookups. */
  variable(name: string): unknown {
    if (isForbiddenName(name)) return undefined;
    if (name in this.locals) return this.locals[name];
    if (this.parent) return this.parent.variable(name);
    return hasOwn(this.vars, name) ? (this.unwrap ? readForTemplate(this.vars[name]) : this.vars[name]) : undefined;
  }
  /** The names of the variables, without reading (and so templating) their values. */
  variableNames(): string[] {
    const own = this.parent ? this.parent.variableNames() : Object.keys(this.vars);
    return [...new Set([...own, ...Object.keys(this.locals)])];
  }
  setVariable(name: string, value: unknown): void {
    this.locals[name] = value;
  }
  /** Only `{% import ... with context %}` needs a snapshot; it is the one place variables get copied. */
  getVariables(): Record<string, unknown> {
    if (this.parent) return { ...this.parent.getVariables(), ...this.locals };
    const vars: Record<string, unknown> = {};
    for (const name of Object.keys(this.vars)) setOwn(vars, name, this.unwrap ? readForTemplate(this.vars[name]) : this.vars[name]);
    return { ...vars, ...this.locals };
  }
  addBlock(name: string, block: RootFn): this {
    (this.blocks[name] ??= []).push(block);
    return this;
  }
  getBlock(name: string): RootFn {
    const block = this.blocks[name]?.[0];
    if (!block) throw new JinjaError(`unknown block "${name}"`);
    return block;
  }
  getSuper(env: unknown, name: string, block: RootFn, frame: RuntimeFrame, runtime: unknown, cb: RenderCallback): void {
    const list = this.blocks[name] ?? [];
    const next = list[list.indexOf(block) + 1];
    if (list.indexOf(block) < 0 || !next) throw new JinjaError(`no super block available for "${name}"`);
    next(env, this, frame, runtime, cb);
  }
  addExport(name: string): void {
    this.exported.push(name);
  }
  getExported(): Record<string, unknown> {
    return Object.fromEntries(this.exported.map((n) => [n, this.locals[n]]));
  }
  /** A context for an included template: sees this context's variables and `{% set %}` values. */
  child(blocks: Record<string, RootFn>): PlayContext {
    return new PlayContext(this.env, this.vars, blocks, this);
  }
}

function undefinedOrThrow(name: string, lenient: boolean, line: number, col: number): Undefined {
  if (lenient) return new Undefined(name);
  throw new UndefinedLookup(name, line + 1, col + 1);
}

function keyLabel(base: string, key: unknown): string {
  if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `${base}.${key}`;
  return `${base}[${typeof key === 'string' ? `'${key}'` : pyStr(key)}]`;
}

/** Index into a list or string the Python way (negative indexes count from the end). */
function indexOf(length: number, key: unknown): number | undefined {
  const n = typeof key === 'number' ? key : typeof key === 'string' && /^-?\d+$/.test(key) ? Number(key) : NaN;
  if (!Number.isInteger(n)) return undefined;
  const i = n < 0 ? length + n : n;
  return i >= 0 && i < length ? i : undefined;
}

export function getMember(obj: unknown, key: unknown): unknown {
  obj = plain(obj);
  key = plain(key);
  if (Array.isArray(obj) && typeof key === 'string') {
    const field = namedField(obj, key);
    if (field !== undefined) return field;
  }
  if (Array.isArray(obj) || typeof obj === 'string') {
    const i = indexOf(obj.length, key);
    return i === undefined ? undefined : obj[i];
  }
  if (typeof obj === 'object' && obj !== null && !(obj instanceof Undefined)) {
    const k = String(key);
    // own keys of data only: a dict from a target may name a key `constructor`, a JS object may not
    if (isForbiddenName(k) && !isMapping(obj)) return undefined;
    return hasOwn(obj, k) ? (obj as Record<string, unknown>)[k] : undefined;
  }
  return undefined;
}

function sliceOf(value: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  value = plain(value);
  if (!Array.isArray(value) && typeof value !== 'string') {
    throw new JinjaError(`'${typeName(value)}' object is not subscriptable`);
  }
  const seq: readonly unknown[] = typeof value === 'string' ? [...value] : value;
  const len = seq.length;
  const st = step === null || step === undefined ? 1 : Number(step);
  if (st === 0) throw new JinjaError('slice step cannot be zero');
  const norm = (v: unknown, dflt: number): number => {
    if (v === null || v === undefined) return dflt;
    const n = Number(v);
    return n < 0 ? Math.max(n + len, st < 0 ? -1 : 0) : Math.min(n, st < 0 ? len - 1 : len);
  };
  const from = norm(start, st > 0 ? 0 : len - 1);
  const to = norm(stop, st > 0 ? len : -1);
  const out: unknown[] = [];
  for (let i = from; st > 0 ? i < to : i > to; i += st) out.push(seq[i]);
  return typeof value === 'string' ? out.join('') : out;
}

/** Removes nunjucks' keyword-argument marker so Python methods see plain values. */
function positional(args: unknown[]): unknown[] {
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null && hasOwn(last, '__keywords')) {
    const { __keywords: _marker, ...rest } = last as Record<string, unknown>;
    return Object.keys(rest).length > 0 ? [...args.slice(0, -1), nj.runtime.makeKeywordArgs(rest)] : args.slice(0, -1);
  }
  return args;
}

export type IncludedTemplate = TemplateInstance;

/** Everything generated template code calls; one instance per Templar environment. */
const NAMESPACE = Symbol('namespace');

/** Jinja2's namespace(): the one kind of object whose attributes `{% set ns.x = … %}` may set. */
export function namespace(attrs: Record<string, unknown>): Record<string, unknown> {
  const ns: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) setOwn(ns, k, v);
  Object.defineProperty(ns, NAMESPACE, { value: true });
  return ns;
}

function outText(value: unknown): string {
  // A lenient lookup that reaches the output was never defaulted: that is Jinja2's StrictUndefined error.
  if (value instanceof Undefined) throw new UndefinedLookup(value.name, undefined, undefined);
  return outputStr(value);
}

export const playRuntime = {
  setAttribute(obj: unknown, key: unknown, value: unknown): void {
    if (!obj || typeof obj !== 'object' || !(NAMESPACE in obj)) throw new JinjaError('cannot assign attribute on non-namespace object');
    if (isForbiddenName(key)) throw new JinjaError(`cannot assign the attribute '${pyStr(key)}'`);
    setOwn(obj as Record<string, unknown>, pyStr(key), value);
  },

  /** A filter or test play does not have: the render that uses it fails (at run time, as in Ansible). */
  missing(kind: 'filter' | 'test', name: string): never {
    throw new JinjaError(`no ${kind} named '${name}'`, `play does not have the ${kind} '${name}'; collection and Python-only plugins are not available`);
  },

  lookup(context: PlayContext, frame: RuntimeFrame, name: string, lenient: boolean, line: number, col: number): unknown {
    if (isForbiddenName(name)) return undefinedOrThrow(name, lenient, line, col);
    const owner = frame.resolve(name, false);
    const value = owner ? owner.variables[name] : context.lookup(name);
    return value === undefined ? undefinedOrThrow(name, lenient, line, col) : value;
  },

  member(obj: unknown, key: unknown, base: string, lenient: boolean, line: number, col: number): unknown {
    if (obj instanceof Undefined) return lenient ? obj : undefinedOrThrow(obj.name, false, line, col);
    const value = getMember(obj, key);
    return value === undefined ? undefinedOrThrow(keyLabel(base, plain(key)), lenient, line, col) : value;
  },

  callMethod(obj: unknown, key: unknown, args: unknown[], base: string, line: number, col: number): unknown {
    const method = typeof key === 'string' ? findMethod(obj, key) : undefined;
    if (method) {
      const output = method(...positional(args));
      noteDerived(output, [obj, ...args]);
      return output;
    }
    const value = getMember(obj, key);
    if (typeof value === 'function') return (value as (...a: unknown[]) => unknown).apply(obj, args);
    if (value === undefined) throw new UndefinedLookup(keyLabel(base, key), line + 1, col + 1);
    throw new JinjaError(`'${keyLabel(base, key)}' is not callable (it is a ${typeName(value)})`);
  },

  slice(value: unknown, start: unknown, stop: unknown, step: unknown): unknown {
    const output = sliceOf(value, start, stop, step);
    noteDerived(output, [value]);
    return output;
  },
  truthy,
  not: (value: unknown): boolean => !truthy(value),
  and: (left: unknown, right: () => unknown): unknown => (truthy(left) ? right() : left),
  or: (left: unknown, right: () => unknown): unknown => (truthy(left) ? left : right()),

  /** Python comparison chains: `a < b < c` is `a < b and b < c`. */
  compare(first: unknown, rest: unknown[]): boolean {
    let left = first;
    for (let i = 0; i < rest.length; i += 2) {
      const right = rest[i + 1];
      if (!compareOp(rest[i] as string, left, right)) return false;
      left = right;
    }
    return true;
  },
  contains: (item: unknown, container: unknown): boolean => pyContains(container, item),
  add: pyAdd,
  sub: pySub,
  mul: pyMul,
  mod: pyMod,
  concat: (a: unknown, b: unknown): string => pyStr(a) + pyStr(b),
  out: outText,
  /** An expression's value written to the template's own output: one piece of it (native-text.ts). */
  ownOut(value: unknown): string {
    const text = outText(value);
    notePiece(value);
    return text;
  },
  openPieces,
  closePieces,
  /** Text of the template written to its own output: one piece of it. */
  text(value: string): string {
    notePiece(value);
    return value;
  },

  dict(pairs: unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < pairs.length; i += 2) setOwn(out, pyStr(plain(pairs[i])), pairs[i + 1]);
    return out;
  },

  /** What `{% for %}` iterates: dicts yield their keys (unless unpacked as k, v), strings their characters. */
  iter(value: unknown, names: number): unknown {
    value = plain(value);
    if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') {
      throw new JinjaError(`'${typeName(value)}' object is not iterable`);
    }
    if (typeof value === 'string') return [...value];
    if (isMapping(value) && names === 1) return Object.keys(value);
    return value;
  },

  loopItems,
  unpack,
  makeMacro,
  /** `{% set t = 1, 2 %}`: a bare tuple. */
  tuple: (items: unknown[]): unknown[] => tuple(items),
  loopState: (items: unknown[], depth0: number): LoopState => new LoopState(items, depth0),

  loopFilter(items: unknown, keep: (item: unknown) => boolean): unknown[] {
    return Array.from(items as Iterable<unknown>).filter(keep);
  },

  renderInclude(template: IncludedTemplate, context: PlayContext, frame: RuntimeFrame, cb: RenderCallback): void {
    template.compile();
    const inner = frame.push(true);
    inner.topLevel = true;
    template.rootRenderFunc(context.env, context.child(template.blocks), inner, nj.runtime, cb);
  },

  isStr,
};

export type PlayRuntime = typeof playRuntime;
