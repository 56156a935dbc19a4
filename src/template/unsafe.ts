/**
 * Unsafe values: text that came from a target (module results, registered values, facts) or was
 * tagged `!unsafe` in YAML. It is data, never a template — Ansible's AnsibleUnsafeText. Without
 * this, a file on a host holding `{{ lookup('file', '~/.ssh/id_rsa') }}` would be evaluated on the
 * controller as soon as a registered result that contains it is used.
 *
 * How the mark travels:
 * - Stored variables hold an UnsafeText for every such string. Containers built by markUnsafe
 *   are remembered as wholly unsafe, so their keys are never rendered either.
 * - Templates never see the wrapper. Where a variable is read (lazyVars, PlayContext) the
 *   template gets the plain value, and the render that read it is noted as having used unsafe
 *   data (Ansible's AnsibleContext.unsafe).
 * - A render that used unsafe data has an unsafe result, as a whole: `"{{ r.stdout | split }}"`,
 *   `"x {{ r.stdout }}"` and `"{{ r.rc }}"` alike. Where that result becomes a variable again
 *   (set_fact, loop items, include parameters) it is stored marked (Templar.renderData).
 */
import { isOpaque } from './opaque.js';
import { isMapping } from './python.js';
import { setOwn } from '../util/own-props.js';

/** A string that is data only. The text is private so generic walkers of objects do not find it. */
export class UnsafeText {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  get text(): string {
    return this.#text;
  }
  toString(): string {
    return this.#text;
  }
}

/** Deeper than this, a structure is not searched for marks (only templates build such, and they hold none). */
const MAX_DEPTH = 100;

/** Containers made by markUnsafe: everything in them is unsafe, their keys too. */
const marked = new WeakSet<object>();
/** The plain copy of a marked container, made once: facts are read by nearly every task. */
const plainCopies = new WeakMap<object, unknown>();

export function isUnsafeText(value: unknown): value is UnsafeText {
  return value instanceof UnsafeText;
}

/** True for a container made by markUnsafe (its keys come from the same untrusted source as its values). */
export function isMarkedContainer(value: unknown): boolean {
  return typeof value === 'object' && value !== null && marked.has(value);
}

/** A copy of `value` in which every string is an UnsafeText (numbers, booleans and null stay as they are). */
export function markUnsafe(value: unknown): unknown {
  return mark(value, new Map());
}

function mark(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value === 'string') return new UnsafeText(value);
  if (value === null || typeof value !== 'object' || value instanceof UnsafeText || marked.has(value) || isOpaque(value)) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(mark(item, seen));
    marked.add(out);
    return out;
  }
  if (!isMapping(value)) return value; // Buffers and other objects hold no text a template could read
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) setOwn(out, key, mark(value[key], seen));
  marked.add(out);
  return out;
}

/** Whether `value` is, or holds anywhere, unsafe data. */
export function hasUnsafe(value: unknown, depth = 0): boolean {
  if (value instanceof UnsafeText) return true;
  if (value === null || typeof value !== 'object') return false;
  if (marked.has(value)) return true;
  if (depth > MAX_DEPTH || isOpaque(value)) return false;
  if (Array.isArray(value)) return value.some((item) => hasUnsafe(item, depth + 1));
  if (isMapping(value)) return Object.values(value).some((item) => hasUnsafe(item, depth + 1));
  return false;
}

/**
 * The plain data a mark-carrying value stands for: what templates and modules work with. Values
 * without marks are returned as they are (same reference).
 */
export function withoutMarks(value: unknown): unknown {
  return unmark(value, new Map());
}

function unmark(value: unknown, seen: Map<object, unknown>): unknown {
  if (value instanceof UnsafeText) return value.text;
  if (value === null || typeof value !== 'object' || !hasUnsafe(value)) return value;
  const copied = plainCopies.get(value) ?? seen.get(value);
  if (copied !== undefined) return copied;
  let out: unknown;
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    seen.set(value, list);
    for (const item of value) list.push(unmark(item, seen));
    out = list;
  } else if (isMapping(value)) {
    const map: Record<string, unknown> = {};
    seen.set(value, map);
    for (const key of Object.keys(value)) setOwn(map, key, unmark(value[key], seen));
    out = map;
  } else {
    return value;
  }
  if (marked.has(value)) plainCopies.set(value, out);
  return out;
}

/**
 * What each render in progress has read; renders nest (a lazy variable renders inside the template
 * reading it). Shared by the process, yet never by two runs: a render is synchronous, so the
 * stack is empty again before any run awaits anything.
 */
const renders: { readUnsafe: boolean }[] = [];

/** Notes that the render in progress (if any) used unsafe data. */
export function noteUnsafeRead(): void {
  const current = renders[renders.length - 1];
  if (current) current.readUnsafe = true;
}

/** Runs one render, reporting whether it read unsafe data. Renders are synchronous, so a stack suffices. */
export function trackUnsafeReads<T>(render: () => T): { value: T; readUnsafe: boolean } {
  const reads = { readUnsafe: false };
  renders.push(reads);
  try {
    const value = render();
    return { value, readUnsafe: reads.readUnsafe };
  } finally {
    renders.pop();
  }
}

/** A stored value as a template receives it: plain, and the read noted when it carried a mark. */
export function readForTemplate(value: unknown): unknown {
  if (!hasUnsafe(value)) return value;
  noteUnsafeRead();
  return withoutMarks(value);
}
