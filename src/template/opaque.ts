/**
 * Marks objects that must never be walked looking for templates or unsafe values: `hostvars` (a
 * proxy that builds every host's variables on access — walking it would recurse through every
 * host forever) and lazy variable sets themselves (their values render on access).
 */
export const OPAQUE = Symbol.for('play.vars.opaque');

export function isOpaque(value: object): boolean {
  return OPAQUE in value;
}
