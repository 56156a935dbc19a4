import { nj } from './nunjucks-internals.js';
import { isOpaque } from './opaque.js';
import { setOwn } from '../util/own-props.js';

/**
 * Ansible's NativeJinjaText (ansible-core 2.14, template/__init__.py `_wrap_native_text`): the
 * text a STRING_TYPE_FILTERS filter returns is marked, and a template whose whole output is one
 * such marked value keeps it as text, where any other output that reads as a Python list, dict or
 * boolean becomes data (native_helpers.ansible_eval_concat). The mark is the value's own: it
 * survives what hands the value on unchanged (a variable set to it, `default`, an inline `if`,
 * `{% if %}` around it) and is lost by anything that makes new text (`~`, `+`, another filter,
 * text or a second expression beside it). Here the mark is a NativeText box, a kind of nunjucks'
 * SafeString, so everything that reads text (python.ts `plain`, `isStr`, `pyStr`) reads it.
 */
interface TextLike {
  toString(): string;
  valueOf(): string;
}
export class NativeText extends (nj.runtime.SafeString as unknown as new (s: string) => TextLike) {}

/** Ansible's default STRING_TYPE_FILTERS (config DEFAULT_STRING_TYPE_FILTERS). */
export const STRING_TYPE_FILTERS: ReadonlySet<string> = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml', 'ppretty', 'json']);

/** A STRING_TYPE filter: its text result comes out marked. */
export function markingFilter<F extends (...args: never[]) => unknown>(filter: F): F {
  return function marking(this: unknown, ...args: Parameters<F>): unknown {
    const output = filter.apply(this, args);
    return typeof output === 'string' ? marked(output) : output;
  } as unknown as F;
}

/** Filters that may hand back one of their arguments as it is: a marked one stays marked. */
export const PASS_THROUGH_FILTERS: ReadonlySet<string> = new Set(['default', 'd', 'ternary']);

/**
 * Any other filter (or test): it is given plain text for a marked argument, and what it returns
 * is new text, unmarked; a pass-through filter that returns a marked argument returns the mark.
 */
export function unmarkingFilter<F extends (...args: never[]) => unknown>(filter: F, passThrough: boolean): F {
  return function unmarking(this: unknown, ...args: Parameters<F>): unknown {
    if (!args.some((a) => (a as unknown) instanceof NativeText)) return filter.apply(this, args);
    const plainArgs = args.map(unmarked) as Parameters<F>;
    const output = filter.apply(this, plainArgs);
    if (!passThrough) return output;
    const i = args.findIndex((a, n) => (a as unknown) instanceof NativeText && plainArgs[n] === output);
    return i >= 0 ? args[i] : output;
  } as unknown as F;
}

/** Marked text, noted on the renders in progress: their results may hold it, to unbox at the end. */
export function marked(text: string): NativeText {
  for (const r of renders) r.marked = true;
  return new NativeText(text);
}

/** Where a variable set (lazy-vars.ts) lists its variables whose template gave marked text. */
export const MARKED_KEYS = Symbol('play.vars.markedText');

/** The names of a variable set whose value is marked text (MARKED_KEYS), when it keeps them. */
export function markedKeysOf(vars: object): Set<string> | undefined {
  return (vars as { [MARKED_KEYS]?: Set<string> })[MARKED_KEYS];
}

/** A variable's value as a template reads it: marked again when its own template gave marked text. */
export function readMarked(vars: object, name: string, value: unknown): unknown {
  const keys = markedKeysOf(vars);
  return keys?.has(name) && typeof value === 'string' ? marked(value) : value;
}

/** The plain text of a marked value; anything else as it is. */
export function unmarked(value: unknown): unknown {
  return value instanceof NativeText ? String(value) : value;
}

/** One render in progress: how many pieces its output has, whether the last was marked text. */
interface RenderOutput {
  pieces: number;
  lastMarked: boolean;
  /** A marking filter ran: results may hold marked values to unbox. */
  marked: boolean;
}

const renders: RenderOutput[] = [];

/** Runs a render, telling whether its output was one piece of marked text. */
export function trackingOutput<T>(render: () => T): { value: T; oneMarkedPiece: boolean; marked: boolean } {
  const state: RenderOutput = { pieces: 0, lastMarked: false, marked: false };
  const at = renders.length;
  renders.push(state);
  try {
    const value = render();
    return { value, oneMarkedPiece: state.pieces === 1 && state.lastMarked, marked: state.marked };
  } finally {
    // also drops the count of a macro that failed half-way
    renders.length = at;
  }
}

/** Starts counting the output of a macro or a set/filter block apart; returns where its count is. */
export function openPieces(): number {
  renders.push({ pieces: 0, lastMarked: false, marked: false });
  return renders.length - 1;
}

/**
 * A macro's result, or a set/filter block's text: marked when its output was one marked piece
 * (Ansible's concat hands a single NativeJinjaText on), else text (a macro's is nunjucks' SafeString).
 */
export function closePieces(at: number, text: string, macro: boolean): unknown {
  const state = renders[at];
  renders.length = at;
  if (state && state.pieces === 1 && state.lastMarked) return new NativeText(text);
  return macro ? new nj.runtime.SafeString(text) : text;
}

/** A piece of the template's own output (not a macro's or a set block's): text or an expression's value. */
export function notePiece(value: unknown): void {
  const top = renders[renders.length - 1];
  if (!top) return;
  top.pieces++;
  top.lastMarked = value instanceof NativeText;
}

/**
 * A native result with the marks taken out of the lists and dicts the render built
 * (`{{ [x | to_json] }}`); containers without marks are returned as they are.
 */
export function withoutTextMarks(value: unknown, depth = 0): unknown {
  if (value instanceof NativeText) return String(value);
  if (depth > 50 || value === null || typeof value !== 'object' || isOpaque(value)) return value;
  if (Array.isArray(value)) {
    const items = value.map((v) => withoutTextMarks(v, depth + 1));
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const mapped = entries.map(([k, v]) => [k, withoutTextMarks(v, depth + 1)] as const);
  if (!mapped.some(([, v], i) => v !== entries[i]?.[1])) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of mapped) setOwn(out, k, v);
  return out;
}
