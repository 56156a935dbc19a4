/** What apt, yum and dnf share: name checks, the state argument and the package fact's effects. */
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import type { PackageNames, PackageStates } from '../../facts/packages.js';
import { factKey, type Fact } from '../../facts/types.js';
import type { Effect } from '../types.js';

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
