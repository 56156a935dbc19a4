/** package: the generic front end that hands over to apt, yum or dnf, like Ansible's. */
import { z } from 'zod';
import { rawCommand } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { alist, astr } from '../schema.js';
import { defineModule, factRead, type ModuleContext } from '../types.js';
import { aptArgs, planApt } from './apt.js';
import { debName, dpkgPackages } from '../../facts/packages.js';
import { packageState } from './package-common.js';
import { planYum, yumArgs } from './yum.js';

const args = z.strictObject({
  name: alist(),
  state: packageState().default('present'),
  use: astr().default('auto'),
});

type Manager = 'apt' | 'yum' | 'dnf';
const KNOWN: readonly string[] = ['apt', 'yum', 'dnf'];

/** The manager from gathered facts when there are any, else one probe of the target's PATH. */
export async function packageManager(ctx: ModuleContext, use: string): Promise<Manager> {
  if (use !== 'auto') {
    if (!KNOWN.includes(use)) throw new ModuleError(`unsupported package manager '${use}'`, {}, { hint: 'use apt, yum or dnf' });
    return use as Manager;
  }
  const vars = ctx.host.vars;
  const facts = vars['ansible_facts'];
  const fromFacts = (facts && typeof facts === 'object' ? (facts as Record<string, unknown>)['pkg_mgr'] : undefined) ?? vars['ansible_pkg_mgr'];
  if (typeof fromFacts === 'string' && KNOWN.includes(fromFacts)) return fromFacts as Manager;
  const res = await ctx.probe(rawCommand('for p in apt-get dnf yum; do if command -v $p >/dev/null 2>&1; then echo $p; exit 0; fi; done; echo none'), { offline: { rc: 0, stdout: 'none\n' } });
  const found = res.stdout.trim();
  if (found === 'apt-get') return 'apt';
  if (found === 'dnf' || found === 'yum') return found;
  throw new ModuleError('could not find apt-get, dnf or yum on the target', {}, { hint: 'set use: to the package manager, or gather facts first' });
}

export const packageModule = defineModule({
  name: 'package',
  description: 'Install or remove packages with the target’s package manager (apt, yum or dnf)',
  args,
  // dpkg's answer, read ahead where apt may be the manager (elsewhere the read finds nothing)
  remoteFacts: (a) => (a.name.length > 0 && (a.use === 'auto' || a.use === 'apt') ? [factRead(dpkgPackages, { names: a.name.map(debName) })] : []),
  async plan(a, ctx) {
    const manager = await packageManager(ctx, a.use);
    const plan = manager === 'apt' ? await planApt(aptArgs.parse({ name: a.name, state: a.state }), ctx) : await planYum(yumArgs.parse({ name: a.name, state: a.state }), ctx, manager);
    return { ...plan, result: { ...plan.result, ansible_facts: { pkg_mgr: manager } } };
  },
});
