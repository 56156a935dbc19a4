/**
 * Lazy variables: values are templated on first access against the whole variable set, so vars
 * may refer to vars (any depth) and only the ones a task actually uses are computed — as in
 * Ansible, where `a: "{{ b }}"` is resolved when `a` is used, not when it is defined.
 *
 * This is also where unsafe data (unsafe.ts) meets templates: an unsafe value is never rendered,
 * every read of it hands out its plain form and notes, on the render doing the read, that the
 * render used unsafe data.
 */
import { TemplateRecursionError } from './errors.js';
import { MARKED_KEYS } from './native-text.js';
import { OPAQUE, isOpaque } from './opaque.js';
import { isMapping } from './python.js';
import { Templar } from './templar.js';
import type { Vars } from './types.js';
import { hasUnsafe, isMarkedContainer, noteUnsafeRead, withoutMarks } from './unsafe.js';
import { setOwn } from '../util/own-props.js';

export { OPAQUE } from './opaque.js';

function containsTemplate(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return Templar.isTemplate(value);
  if (depth > 50) return false;
  if (value === null || typeof value !== 'object' || isOpaque(value) || isMarkedContainer(value)) return false;
  if (Array.isArray(value)) return value.some((v) => containsTemplate(v, depth + 1));
  if (isMapping(value)) return Object.values(value).some((v) => containsTemplate(v, depth + 1));
  return false;
}

/** Strings without template syntax, numbers, booleans, null: nothing to render, nothing to unwrap. */
function isInert(raw: unknown): boolean {
  return typeof raw === 'string' ? !Templar.isTemplate(raw) : raw === null || typeof raw !== 'object';
}

function defineValue(out: Vars, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
}

/**
 * Returns an object with the same keys as `layers`. Plain values pass through untouched (same
 * reference); strings and collections holding template syntax are rendered once, on first read.
 * A variable whose rendering needs itself fails with TemplateRecursionError.
 */
export function lazyVars(layers: Vars, templar: Templar): Vars {
  const out: Vars = {};
  Object.defineProperty(out, OPAQUE, { value: true, enumerable: false });
  // the variables whose template gave text marked by a string filter: templates read them marked
  const markedKeys = new Set<string>();
  Object.defineProperty(out, MARKED_KEYS, { value: markedKeys, enumerable: false });
  const resolving = new Set<string>();
  for (const key of Object.keys(layers)) {
    const raw = layers[key];
    if (isInert(raw)) {
      setOwn(out, key, raw);
      continue;
    }
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get(): unknown {
        if (resolving.has(key)) {
          throw new TemplateRecursionError(key, {
            hint: `the value of '${key}' refers to itself, directly or through other variables`,
          });
        }
        resolving.add(key);
        let value: unknown;
        try {
          value = containsTemplate(raw) ? templar.renderData(raw, out) : raw;
          if (typeof raw === 'string' && typeof value === 'string' && templar.gaveMarkedText()) markedKeys.add(key);
        } finally {
          resolving.delete(key);
        }
        if (!hasUnsafe(value)) {
          defineValue(out, key, value);
          return value;
        }
        const plainValue = withoutMarks(value);
        // stays a getter: every read, not only the first, taints the render doing it
        Object.defineProperty(out, key, {
          enumerable: true,
          configurable: true,
          get(): unknown {
            noteUnsafeRead();
            return plainValue;
          },
          set(v: unknown): void {
            defineValue(out, key, v);
          },
        });
        noteUnsafeRead();
        return plainValue;
      },
      set(value: unknown): void {
        defineValue(out, key, value);
      },
    });
  }
  return out;
}
