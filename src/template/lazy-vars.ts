/**
 * Lazy variables: values are templated on first access against the whole variable set, so vars
 * may refer to vars (any depth) and only the ones a task actually uses are computed — as in
 * Ansible, where `a: "{{ b }}"` is resolved when `a` is used, not when it is defined.
 */
import { TemplateRecursionError } from './errors.js';
import { isMapping } from './python.js';
import { Templar } from './templar.js';
import type { Vars } from './types.js';

/**
 * Marks objects that must never be walked looking for templates: `hostvars` (a proxy that builds
 * every host's variables on access — walking it would recurse through every host forever) and
 * lazy variable sets themselves (their values render on access).
 */
export const OPAQUE = Symbol.for('play.vars.opaque');

function containsTemplate(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return Templar.isTemplate(value);
  if (depth > 50) return false;
  if (value !== null && typeof value === 'object' && OPAQUE in value) return false;
  if (Array.isArray(value)) return value.some((v) => containsTemplate(v, depth + 1));
  if (isMapping(value)) return Object.values(value).some((v) => containsTemplate(v, depth + 1));
  return false;
}

/**
 * Returns an object with the same keys as `layers`. Plain values pass through untouched (same
 * reference); strings and collections holding template syntax are rendered once, on first read.
 * A variable whose rendering needs itself fails with TemplateRecursionError.
 */
export function lazyVars(layers: Vars, templar: Templar): Vars {
  const out: Vars = {};
  Object.defineProperty(out, OPAQUE, { value: true, enumerable: false });
  const resolving = new Set<string>();
  for (const key of Object.keys(layers)) {
    const raw = layers[key];
    if (raw === null || typeof raw !== 'object' ? !(typeof raw === 'string' && Templar.isTemplate(raw)) : false) {
      out[key] = raw;
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
          value = containsTemplate(raw) ? templar.renderValue(raw, out) : raw;
        } finally {
          resolving.delete(key);
        }
        Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
      set(value: unknown): void {
        Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
      },
    });
  }
  return out;
}
