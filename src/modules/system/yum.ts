/** yum / dnf: RPM packages through rpm -q (state) and yum/dnf (changes); "@Group" names are groups. */
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { factKey } from '../../facts/types.js';
import { rpmPackages, yumGroups, yumUpdates, type PackageStates } from '../../facts/packages.js';
import { abool, alist, astr } from '../schema.js';
import { defineModule, type Change, type ModuleContext } from '../types.js';
import { checkPackageNames, packageEffects, packageState } from './package-common.js';

export const yumArgs = z.strictObject({
  name: alist().optional(),
  state: packageState().default('present'),
  update_cache: abool().default(false),
  enablerepo: alist().optional(),
  disablerepo: alist().optional(),
  disable_gpg_check: abool().default(false),
  exclude: alist().optional(),
  install_weak_deps: abool().optional(),
  releasever: astr().optional(),
});

export type YumArgs = z.output<typeof yumArgs>;
type Manager = 'yum' | 'dnf';

/** rpm -q accepts "name-version"; the fact is keyed by NAME, so a spec matches its name prefix. */
function stateOf(spec: string, states: PackageStates) {
  const exact = states[spec];
  if (exact?.installed) return exact;
  const hit = Object.entries(states).find(([n, st]) => st.installed && spec.startsWith(`${n}-`) && /^\d/.test(spec.slice(n.length + 1)));
  return hit?.[1] ?? exact;
}

export async function planYum(a: YumArgs, ctx: ModuleContext, manager: Manager) {
  const specs = a.name ?? [];
  checkPackageNames(specs);
  const groups = specs.filter((s) => s.startsWith('@')).map((s) => s.slice(1).trim());
  const packages = specs.filter((s) => !s.startsWith('@'));
  const changes: Change[] = [];
  const opts: string[] = ['-y'];
  if (a.update_cache) opts.push('--refresh');
  for (const r of a.enablerepo ?? []) opts.push(`--enablerepo=${r}`);
  for (const r of a.disablerepo ?? []) opts.push(`--disablerepo=${r}`);
  for (const x of a.exclude ?? []) opts.push(`--exclude=${x}`);
  if (a.disable_gpg_check) opts.push('--nogpgcheck');
  if (a.releasever !== undefined) opts.push(`--releasever=${a.releasever}`);
  if (manager === 'dnf' && a.install_weak_deps !== undefined) opts.push(`--setopt=install_weak_deps=${a.install_weak_deps ? 'True' : 'False'}`);
  // yum on CentOS 5 has no --refresh: makecache first instead
  if (manager === 'yum' && a.update_cache) opts.splice(opts.indexOf('--refresh'), 1);

  if (packages.length > 0) {
    const states = await ctx.fact(rpmPackages, { names: packages });
    let todo: string[];
    let verb: 'install' | 'remove' | 'update' = 'install';
    if (a.state === 'absent') {
      todo = packages.filter((p) => stateOf(p, states)?.installed === true);
      verb = 'remove';
    } else {
      todo = packages.filter((p) => !stateOf(p, states)?.installed);
    }
    const after: PackageStates = { ...states };
    for (const p of todo) after[p] = verb === 'remove' ? { installed: false, version: null } : { installed: true, version: null };
    if (todo.length > 0) {
      changes.push({
        describe: `${manager} ${verb} ${todo.join(' ')}`,
        apply: { kind: 'exec', command: sh`${manager} ${opts} ${verb} ${todo}`, timeoutMs: 1_800_000 },
        effects: packageEffects(rpmPackages, packages, after),
      });
    }
    if (a.state === 'latest') {
      // asked for every package (not only installed ones) so the fact's key stays the same
      // before and after the install above
      const installed = packages.filter((p) => stateOf(p, states)?.installed === true);
      const outdated = installed.length ? (await ctx.fact(yumUpdates, { manager, names: packages })).filter((p) => installed.includes(p)) : [];
      if (outdated.length > 0) {
        changes.push({
          describe: `${manager} update ${outdated.join(' ')}`,
          apply: { kind: 'exec', command: sh`${manager} ${opts} update ${outdated}`, timeoutMs: 1_800_000 },
          effects: [{ kind: 'fact', key: factKeyOfUpdates(manager, packages), value: [] }],
        });
      }
    }
  }
  if (groups.length > 0) {
    const present = (await ctx.fact(yumGroups, { manager })).map((g) => g.toLowerCase());
    const want = a.state !== 'absent';
    const todo = groups.filter((g) => present.includes(g.toLowerCase()) !== want);
    if (todo.length > 0) {
      const after = want ? [...present, ...todo] : present.filter((g) => !todo.some((t) => t.toLowerCase() === g));
      changes.push({
        describe: `${manager} ${want ? 'groupinstall' : 'groupremove'} ${todo.join(', ')}`,
        apply: { kind: 'exec', command: sh`${manager} ${opts} ${want ? 'groupinstall' : 'groupremove'} ${todo}`, timeoutMs: 1_800_000 },
        effects: [{ kind: 'fact', key: factKeyOfGroups(manager), value: after }],
      });
    }
  }
  if (a.update_cache && manager === 'yum' && changes.length > 0) {
    changes.unshift({ describe: 'yum makecache', apply: { kind: 'exec', command: sh`yum -q makecache`, timeoutMs: 600_000 }, effects: [] });
  }
  return { changes, result: { results: changes.map((c) => c.describe), rc: 0 } };
}

const factKeyOfUpdates = (manager: Manager, names: readonly string[]) => factKey(yumUpdates, { manager, names });
const factKeyOfGroups = (manager: Manager) => factKey(yumGroups, { manager });

export const yum = defineModule({
  name: 'yum',
  description: 'Install, upgrade or remove RPM packages and groups with yum',
  args: yumArgs,
  aliases: { name: ['pkg', 'package'] },
  plan: (a, ctx) => planYum(a, ctx, 'yum'),
});

export const dnf = defineModule({
  name: 'dnf',
  description: 'Install, upgrade or remove RPM packages and groups with dnf',
  args: yumArgs,
  aliases: { name: ['pkg', 'package'] },
  plan: (a, ctx) => planYum(a, ctx, 'dnf'),
});
