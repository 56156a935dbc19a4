/**
 * Lazy variables: values are templated on first access against the whole variable set, so vars
 * may refer to vars (any depth) and only the ones a task actually uses are computed — as in
 * Ansible, where `a: "{{ b }}"` is resolved when `a` is used, not when it is defined.
 *
 * This is also where unsafe data (unsafe.ts) meets templates: an unsafe value is never rendered,
 * every read of it hands out its plain form and notes, on the render doing the read, that the
 * render used unsafe data.
 *
 * Two forms share the reading rules below: lazyVars, a flat object with a property per variable,
 * and layeredVars (layered-vars.ts), a view over the precedence layers that copies nothing.
 */
import { TemplateRecursionError } from './errors.js';
import { MARKED_KEYS, markedKeysOf } from './native-text.js';
import { OPAQUE, isOpaque } from './opaque.js';
import { isMapping } from './python.js';
import { Templar } from './templar.js';
import type { Vars } from './types.js';
import { hasUnsafe, isMarkedContainer, noteUnsafeRead, withoutMarks } from './unsafe.js';
import { setOwn } from '../util/own-props.js';

export { OPAQUE } from './opaque.js';

/**
 * A value made once per variable set, when first read (hostvars: the variables of other hosts it
 * builds must be as fresh as the task's own, so its cache lives no longer than one set).
 */
export class PerView {
  constructor(readonly make: () => unknown) {}
}

/** A variable once read: the value templates get, and whether it came from unsafe data. */
export interface ReadVar {
  value: unknown;
  unsafe: boolean;
  /** Its template gave text a string filter marked (native-text.ts): templates read it marked. */
  marked?: boolean;
}

/** Property definitions made by lazy variable sets: what the layering costs, counted for tests. */
export const lazyVarCounts = { properties: 0 };

function containsTemplate(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return Templar.isTemplate(value);
  if (depth > 50) return false;
  if (value === null || typeof value !== 'object' || isOpaque(value) || isMarkedContainer(value)) return false;
  if (Array.isArray(value)) return value.some((v) => containsTemplate(v, depth + 1));
  if (isMapping(value)) return Object.values(value).some((v) => containsTemplate(v, depth + 1));
  return false;
}

/** Strings without template syntax, numbers, booleans, null: nothing to render, nothing to unwrap. */
export function isInert(raw: unknown): boolean {
  return typeof raw === 'string' ? !Templar.isTemplate(raw) : raw === null || typeof raw !== 'object';
}

/**
 * Reads a variable that is not inert: renders it against `view` (the whole variable set), its
 * unsafe marks taken off. A variable whose rendering needs itself fails with TemplateRecursionError.
 */
export function readVar(key: string, raw: unknown, view: Vars, templar: Templar, resolving: Set<string>): ReadVar {
  if (resolving.has(key)) {
    throw new TemplateRecursionError(key, {
      hint: `the value of '${key}' refers to itself, directly or through other variables`,
    });
  }
  resolving.add(key);
  let value: unknown;
  let marked = false;
  try {
    const source = raw instanceof PerView ? raw.make() : raw;
    value = containsTemplate(source) ? templar.renderData(source, view) : source;
    marked = typeof source === 'string' && typeof value === 'string' && templar.gaveMarkedText();
  } finally {
    resolving.delete(key);
  }
  const read: ReadVar = hasUnsafe(value) ? { value: withoutMarks(value), unsafe: true } : { value, unsafe: false };
  if (marked) read.marked = true;
  return read;
}

function defineValue(out: Vars, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
}

/** A variable read already, as a property: an unsafe one stays a getter, so every read taints the render doing it. */
export function defineRead(out: Vars, key: string, read: ReadVar): void {
  if (read.marked) markedKeysOf(out)?.add(key);
  if (!read.unsafe) {
    defineValue(out, key, read.value);
    return;
  }
  Object.defineProperty(out, key, {
    enumerable: true,
    configurable: true,
    get(): unknown {
      noteUnsafeRead();
      return read.value;
    },
    set(v: unknown): void {
      defineValue(out, key, v);
    },
  });
}

/**
 * Returns an object with the same keys as `layers`. Plain values pass through untouched (same
 * reference); strings and collections holding template syntax are rendered once, on first read.
 * A variable whose rendering needs itself fails with TemplateRecursionError.
 */
export function lazyVars(layers: Vars, templar: Templar): Vars {
  return lazyObject(layers, templar, new Set(), new Map());
}

/**
 * lazyVars with its recursion guard given, and variables already read (`known`, kept as read) —
 * what a layered view becomes when it is enumerated or written to.
 */
export function lazyObject(layers: Vars, templar: Templar, resolving: Set<string>, known: ReadonlyMap<string, ReadVar>): Vars {
  const out: Vars = {};
  Object.defineProperty(out, OPAQUE, { value: true, enumerable: false });
  // the variables whose template gave text marked by a string filter: templates read them marked
  Object.defineProperty(out, MARKED_KEYS, { value: new Set<string>(), enumerable: false });
  for (const key of Object.keys(layers)) {
    lazyVarCounts.properties++;
    const raw = layers[key];
    const read = known.get(key);
    if (read) {
      defineRead(out, key, read);
      continue;
    }
    if (isInert(raw)) {
      setOwn(out, key, raw);
      continue;
    }
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get(): unknown {
        const r = readVar(key, raw, out, templar, resolving);
        defineRead(out, key, r);
        if (r.unsafe) noteUnsafeRead();
        return r.value;
      },
      set(value: unknown): void {
        defineValue(out, key, value);
      },
    });
  }
  return out;
}
