import { stringify } from 'yaml';
import { PlayError } from '../errors.js';
import type { Inventory } from '../inventory/types.js';
import type { LabHost } from './hosts.js';
import { isValidHostName } from './hosts.js';

/**
 * A fresh copy of the lab for `play test`: every host of the project's inventory gets a new
 * name (prefix + name) and a new loopback address from a block of 127.0.14.0/24, and the
 * generated inventory keeps the groups, their variables and the hosts' variables, so group_vars/
 * beside it (linked from the project) apply as they do to the lab.
 */
export const FRESH_NETWORK = '127.0.14';
export const FRESH_BLOCK_SIZE = 10;

export interface FreshLab {
  /** inventory name in the project → fresh name */
  names: Map<string, string>;
  /** namespace hosts to start (SSH hosts) */
  hosts: LabHost[];
  /** HTTP-configured hosts (the phone): started as emulators */
  phones: { name: string; address: string }[];
  /** the inventory, as YAML */
  yaml: string;
}

interface YamlGroup {
  vars?: Record<string, unknown>;
  hosts?: Record<string, Record<string, unknown>>;
  children?: Record<string, YamlGroup>;
}

/** Block `block` (0-based) of FRESH_BLOCK_SIZE addresses: 127.0.14.(10 + 10·block + i). */
export function freshAddress(block: number, index: number): string {
  const last = 10 + block * FRESH_BLOCK_SIZE + index;
  if (index >= FRESH_BLOCK_SIZE || last > 254) throw new PlayError('LAB_BAD_HOST', `no fresh address ${block}/${index} in ${FRESH_NETWORK}.0/24`);
  return `${FRESH_NETWORK}.${last}`;
}

export function freshLab(inventory: Inventory, prefix: string, block: number, kvmGroup = 'kvm_hosts'): FreshLab {
  const names = new Map<string, string>();
  const hosts: LabHost[] = [];
  const phones: { name: string; address: string }[] = [];
  const kvm = new Set(inventory.select(kvmGroup));
  let index = 0;
  for (const [name, host] of inventory.hosts) {
    if (name === 'localhost') continue;
    const fresh = `${prefix}${name}`;
    if (!isValidHostName(fresh)) throw new PlayError('LAB_BAD_HOST', `fresh host name ${fresh} is not a valid hostname`);
    const address = freshAddress(block, index++);
    names.set(name, fresh);
    if (String(host.vars['ansible_connection'] ?? 'ssh') === 'http') phones.push({ name: fresh, address });
    else hosts.push({ name: fresh, address, kvm: kvm.has(name) });
  }
  const addressOf = new Map([...hosts, ...phones].map((h) => [h.name, h.address]));
  const group = (gname: string): YamlGroup => {
    const g = inventory.groups.get(gname);
    const out: YamlGroup = {};
    if (!g) return out;
    if (Object.keys(g.vars).length) out.vars = g.vars;
    if (g.hosts.length) {
      out.hosts = {};
      for (const h of g.hosts) {
        const fresh = names.get(h);
        if (!fresh) continue;
        out.hosts[fresh] = { ...(inventory.hosts.get(h)?.vars ?? {}), ansible_host: addressOf.get(fresh) };
      }
    }
    if (g.children.length) out.children = Object.fromEntries(g.children.map((c) => [c, group(c)]));
    return out;
  };
  const top = group('all');
  const header = `# A fresh copy of the lab for \`play test\` (generated; hosts ${prefix}*, ${FRESH_NETWORK}.0/24).\n`;
  return { names, hosts, phones, yaml: header + stringify({ all: top }, { aliasDuplicateObjects: false }) };
}
