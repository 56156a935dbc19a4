import { z } from 'zod';
import { parseBoolean } from '../util/ansible-boolean.js';

/**
 * Argument types as Ansible accepts them, so playbooks written for Ansible validate here:
 * booleans by Ansible's boolean rule (util/ansible-boolean.ts), numbers as strings, lists as
 * comma strings, modes as octal strings ("0644") or the integers YAML 1.1 produces from 0644.
 * A value the rule rejects reaches zod unchanged, which reports it as "expected boolean".
 */
export const abool = () => z.preprocess((v) => parseBoolean(v) ?? v, z.boolean());

export const aint = () =>
  z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v), z.number().int());

export const astr = () =>
  z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string());

export const alist = () =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(astr()),
  );

/** A string argument (numbers accepted, as Ansible does) that must match `re`; `message` says what is allowed. */
export const matching = (re: RegExp, message: string) => astr().pipe(z.string().regex(re, message));

/** File mode: "0644", "644", "u=rw,g=r,o=r" (kept as a string) or an integer already octal-decoded. */
export type ModeArg = number | string;
export const amode = () =>
  z.preprocess((v) => {
    if (typeof v === 'string' && /^0?[0-7]{3,4}$/.test(v.trim())) return parseInt(v.trim(), 8);
    return v;
  }, z.union([z.number().int().min(0).max(0o7777), z.string().regex(/^[ugoa]*[-+=][rwxXst]*(,[ugoa]*[-+=][rwxXst]*)*$/, 'mode must be octal like "0644" or symbolic like "u=rw,g=r"')]));

/** Applies a symbolic mode (chmod syntax) to an existing mode, as chmod would. */
export function applySymbolicMode(current: number, spec: string, isDir: boolean): number {
  let mode = current & 0o7777;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) throw new Error(`bad symbolic mode ${spec}`);
    const who = m[1] || 'a';
    const op = m[2];
    const perms = m[3] ?? '';
    let bits = 0;
    const mask = { u: 0o4700, g: 0o2070, o: 0o1007 };
    for (const w of who === 'a' ? 'ugo' : who) {
      const shift = w === 'u' ? 6 : w === 'g' ? 3 : 0;
      for (const p of perms) {
        if (p === 'r') bits |= 4 << shift;
        if (p === 'w') bits |= 2 << shift;
        if (p === 'x' || (p === 'X' && (isDir || (current & 0o111) !== 0))) bits |= 1 << shift;
        if (p === 's' && w === 'u') bits |= 0o4000;
        if (p === 's' && w === 'g') bits |= 0o2000;
        if (p === 't') bits |= 0o1000;
      }
    }
    const whoMask = [...(who === 'a' ? 'ugo' : who)].reduce((acc, w) => acc | mask[w as 'u' | 'g' | 'o'], 0);
    if (op === '+') mode |= bits;
    else if (op === '-') mode &= ~bits;
    else mode = (mode & ~whoMask) | bits;
  }
  return mode;
}

export function resolveMode(arg: ModeArg | undefined, current: number | undefined, isDir: boolean): number | undefined {
  if (arg === undefined) return undefined;
  if (typeof arg === 'number') return arg;
  return applySymbolicMode(current ?? (isDir ? 0o755 : 0o644), arg, isDir);
}
