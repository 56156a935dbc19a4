import type { Command } from 'commander';
import { OptionsError, PlayError } from '../../errors.js';
import type { Damage, DamageHost, DamageKind, DamageTarget } from '../../lab/damage.js';
import { DAMAGE_KINDS, planDamage } from '../../lab/damage.js';
import { homedir } from 'node:os';
import type { LabPaths } from '../../lab/hosts.js';
import { labPaths } from '../../lab/hosts.js';
import { labSsh } from '../../lab/ssh.js';
import type { Inventory } from '../../inventory/types.js';
import { loadConfig, loadProjectInventory, withProjectVault } from '../../project/config.js';

/**
 * `play lab break HOST [--what KIND]`: damages a lab host the way a student would, and says how
 * to see it (`play run site.yml --check --diff --limit …`) and repair it (`--role … --limit …`).
 * Hosts, addresses and domains come from the project's inventory (kvm_hosts, pbx_guests).
 */
export function registerLabBreak(lab: Command): void {
  lab
    .command('break')
    .description('damage a lab host as a student would (edit a trunk, typo a context, stop Asterisk, destroy a VM, change a DAHDI line)')
    .argument('<host>', 'inventory host (the kvm host or a PBX guest)')
    .option('--what <kind>', `${DAMAGE_KINDS.join('|')}|random`, 'random')
    .option('--seed <n>', 'make the random choices repeatable')
    .option('-i, --inventory <path>', 'inventory (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--json', 'print the damage as JSON')
    .action(async (host: string, o: { what: string; seed?: string; inventory?: string[]; json?: boolean }) => {
      const what = o.what as DamageKind | 'random';
      if (what !== 'random' && !DAMAGE_KINDS.includes(what)) throw new OptionsError(`--what ${o.what}: not one of ${DAMAGE_KINDS.join(', ')}, random`);
      const seed = o.seed === undefined ? undefined : Number(o.seed);
      if (seed !== undefined && !Number.isInteger(seed)) throw new OptionsError(`--seed must be an integer, got "${o.seed}"`);
      const config = await loadConfig();
      const inventory = await withProjectVault(config, () => loadProjectInventory(o.inventory, config, config.dir));
      const damage = planDamage(what, damageTarget(inventory, host), seed);
      await breakHost(damage, labAccess(inventory, damage.on));
      if (o.json) process.stdout.write(`${JSON.stringify(damage)}\n`);
      else process.stdout.write(describeDamage(damage));
    });
}

/**
 * The lab's ssh key and known_hosts for a host: the inventory's, when it names them (the classroom
 * has its own lab root), else the default lab's.
 */
export function labAccess(inventory: Inventory, name: string): LabPaths {
  const v = inventory.hostVars(name);
  const file = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x.replace(/^~(?=\/)/, homedir()) : undefined);
  const key = file(v['ansible_ssh_private_key_file']) ?? file(v['ansible_private_key_file']);
  const knownHosts = file(v['play_known_hosts_file']);
  const paths = labPaths();
  return { ...paths, ...(key ? { privateKey: key } : {}), ...(knownHosts ? { knownHosts } : {}) };
}

export async function breakHost(damage: Damage, paths: LabPaths = labPaths()): Promise<void> {
  const r = await labSsh(paths, damage.address, damage.script);
  if (r.rc !== 0)
    throw new PlayError('LAB_BREAK_FAILED', `could not break ${damage.on} (${damage.what}): exit ${r.rc}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''}`, {
      hint: 'converge the host first (play run site.yml --limit HOST): damage edits what the roles wrote',
    });
}

export function describeDamage(d: Damage): string {
  return [
    `broke ${d.on}${d.on !== d.host ? ` (for ${d.host})` : ''}: ${d.description}`,
    `  see it:    play run site.yml --check --diff --limit ${d.limit}`,
    `  repair it: play run site.yml --role ${d.role} --limit ${d.limit}`,
    '',
  ].join('\n');
}

function hostOf(inventory: Inventory, name: string, role: DamageHost['role']): DamageHost {
  const v = inventory.hostVars(name);
  const str = (x: unknown): string | undefined => (x === undefined || x === null ? undefined : String(x));
  const address = str(v['ansible_host']) ?? name;
  const domain = str(v['kvm_domain_name']);
  const trunkUser = str(v['pbx_trunk_user']);
  return { name, address, role, ...(domain ? { domain } : {}), ...(trunkUser ? { trunkUser } : {}) };
}

/** A list of host names from an inventory variable (undefined unless it is one). */
function names(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((x) => typeof x === 'string') ? value : undefined;
}

/**
 * The host and its neighbourhood, from the inventory's kvm_hosts and pbx_guests groups. In a
 * classroom the bench's variables narrow it: a kvm host's guests are its kvm_guests, a guest's
 * kvm host is the one whose kvm_guests hold it and its neighbours are its mesh_members.
 */
export function damageTarget(inventory: Inventory, name: string): DamageTarget {
  const kvms = inventory.select('kvm_hosts');
  const guests = inventory.select('pbx_guests');
  const guestsOf = (kvm: string): string[] | undefined => names(inventory.hostVars(kvm)['kvm_guests']);
  const role = kvms.includes(name) ? 'kvm' : guests.includes(name) ? 'guest' : undefined;
  if (!role) throw new OptionsError(`${name} is neither in kvm_hosts nor in pbx_guests`, { hint: `hosts: ${[...kvms, ...guests].join(', ')}` });
  const kvmName = role === 'kvm' ? name : (kvms.find((k) => guestsOf(k)?.includes(name)) ?? kvms[0]);
  if (kvmName === undefined) throw new OptionsError('the inventory has no kvm_hosts');
  const near = role === 'kvm' ? (guestsOf(name) ?? guests) : (names(inventory.hostVars(name)['mesh_members']) ?? guests);
  return {
    host: hostOf(inventory, name, role),
    kvm: hostOf(inventory, kvmName, 'kvm'),
    neighbours: near.filter((g) => g !== name && guests.includes(g)).map((g) => hostOf(inventory, g, 'guest')),
  };
}
