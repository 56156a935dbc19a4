/** What apt, yum and dnf share: argument aliases, name checks and the package fact's effects. */
import { z } from 'zod';
import { astr } from '../schema.js';
import { ModuleError } from '../../errors.js';
import type { PackageNames, PackageStates } from '../../facts/packages.js';
import { factKey, type Fact } from '../../facts/types.js';
import type { Effect } from '../types.js';

/** Renames Ansible's argument aliases (pkg → name) before validation. */
export function withAliases<S extends z.ZodType>(aliases: Record<string, string>, schema: S) {
  return z.preprocess((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      const canonical = aliases[k] ?? k;
      if (canonical in out && canonical !== k) continue;
      out[canonical] = val;
    }
    return out;
  }, schema);
}

/** Package names go on a command line: refuse option-like or odd words instead of quoting them into apt. */
const PACKAGE_NAME = /^[A-Za-z0-9@_+][A-Za-z0-9@._+:=~*<> -]*$/;

export function checkPackageNames(names: readonly string[]): void {
  for (const n of names) {
    if (!PACKAGE_NAME.test(n)) throw new ModuleError(`invalid package name '${n}'`, { name: names }, { hint: 'package names start with a letter or digit' });
  }
}

/**
 * The package fact's new value after a change: for the exact list this task asked about and
 * for each package alone, so a later task asking about any one of them sees it.
 */
export function packageEffects(fact: Fact<PackageNames, PackageStates>, names: readonly string[], after: PackageStates): Effect[] {
  const effects: Effect[] = [{ kind: 'fact', key: factKey(fact, { names }), value: after }];
  if (names.length > 1) {
    for (const [n, st] of Object.entries(after)) effects.push({ kind: 'fact', key: factKey(fact, { names: [n] }), value: { [n]: st } });
  }
  return effects;
}

export type PackageWanted = 'present' | 'absent' | 'latest';

/** Ansible accepts installed/removed as synonyms. */
export const packageState = () =>
  z.preprocess(
    (v) => (v === 'installed' ? 'present' : v === 'removed' ? 'absent' : v),
    z.enum(['present', 'absent', 'latest']),
  );

/** A string argument (numbers accepted, as Ansible does) that must match `re`. */
export const matching = (re: RegExp, message: string) => astr().pipe(z.string().regex(re, message));
