/**
 * Secrets as taint: a value computed from a secret is a secret too. The masker knows the run's
 * secrets as strings (vault plaintexts, passwords, modules' secret arguments); a filter, a
 * method call or a slice whose inputs hold one of them produces a value that no longer holds it
 * (`| upper`, `| b64encode`, `| hash('sha1')`, `[:8]`), so that value is registered with the
 * masker as it is computed. Since every later use of the value finds a registered secret in it,
 * the taint follows it on: through further filters, set_fact, register, loops and template
 * files. Output is masked where it is reported (src/secrets/), files on hosts get real values.
 *
 * Renders are synchronous; the masker of the render in progress is kept on a stack (a render
 * of a lazy variable runs inside the render reading it).
 */
import type { Masker } from '../secrets/mask.js';
import { nj } from './nunjucks-internals.js';
import { isOpaque } from './opaque.js';
import { isMapping } from './python.js';
import { UnsafeText } from './unsafe.js';

const watching: (Masker | undefined)[] = [];

/** Derived values shorter than this are not registered: masking every "ab" would shred output. */
const MIN_DERIVED = 3;
/** Deeper than this a structure is not searched (only templates build such). */
const MAX_DEPTH = 60;

/** Runs one render with `masker` receiving the secrets it derives. */
export function watchingSecrets<T>(masker: Masker | undefined, render: () => T): T {
  watching.push(masker);
  try {
    return render();
  } finally {
    watching.pop();
  }
}

/** Notes that `output` was computed from `inputs`: if they hold a secret, its new strings are secrets. */
export function noteDerived(output: unknown, inputs: readonly unknown[]): void {
  const masker = watching[watching.length - 1];
  if (!masker || masker.size === 0 || typeof output === 'boolean' || output === null || output === undefined) return;
  if (!inputs.some((input) => holdsSecret(masker, input, 0))) return;
  // what the inputs already hold is passed through, not derived: `users | map(attribute='name')`
  // must not make every user name a secret because one user has a vaulted password
  const known = new Set<string>();
  for (const input of inputs) collectStrings(input, known, 0);
  register(masker, output, known, 0);
}

/** A filter whose results are tainted by its arguments. */
export function taintingFilter<F extends (...args: never[]) => unknown>(filter: F): F {
  return function tainting(this: unknown, ...args: Parameters<F>): unknown {
    const output = filter.apply(this, args);
    noteDerived(output, args);
    return output;
  } as unknown as F;
}

function holdsSecret(masker: Masker, value: unknown, depth: number): boolean {
  if (typeof value === 'string') return masker.holdsSecret(value);
  if (typeof value === 'number') return masker.holdsSecret(String(value));
  if (value instanceof UnsafeText) return masker.holdsSecret(value.text);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || isOpaque(value)) return false;
  if (Array.isArray(value)) return value.some((item) => holdsSecret(masker, item, depth + 1));
  if (isMapping(value)) return Object.entries(value).some(([k, v]) => masker.holdsSecret(k) || holdsSecret(masker, v, depth + 1));
  return isStringObject(value) && masker.holdsSecret(String(value));
}

function collectStrings(value: unknown, into: Set<string>, depth: number): void {
  if (typeof value === 'string' || typeof value === 'number') into.add(String(value));
  else if (value instanceof UnsafeText) into.add(value.text);
  else if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || isOpaque(value)) return;
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into, depth + 1);
  else if (isMapping(value)) {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      collectStrings(v, into, depth + 1);
    }
  } else if (isStringObject(value)) into.add(String(value));
}

/** Registers the strings of `value` the inputs did not hold (values, not keys: a dict2items' "key"). */
function register(masker: Masker, value: unknown, known: Set<string>, depth: number): void {
  if (typeof value === 'string' || typeof value === 'number' || value instanceof UnsafeText || isStringObject(value)) {
    const text = String(value);
    if (text.length >= MIN_DERIVED && !known.has(text) && !masker.holdsSecret(text)) masker.add(text);
  } else if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || isOpaque(value)) {
    return;
  } else if (Array.isArray(value)) {
    for (const item of value) register(masker, item, known, depth + 1);
  } else if (isMapping(value)) {
    for (const item of Object.values(value)) register(masker, item, known, depth + 1);
  }
}

/** nunjucks' SafeString (what a macro returns) and String objects: text in an object. */
function isStringObject(value: unknown): boolean {
  return value instanceof String || value instanceof nj.runtime.SafeString;
}
