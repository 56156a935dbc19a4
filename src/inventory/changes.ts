/**
 * What add_host and group_by do to the inventory, as Ansible's strategy does it
 * (StrategyBase._add_host / _add_group): each change gives a new inventory and says whether it
 * changed anything; the loaded inventory itself never changes, so every run starts from it.
 */
import { InventoryData } from './data.js';
import type { InventoryParts } from './inventory.js';

export interface AddHost {
  kind: 'add_host';
  name: string;
  groups: readonly string[];
  vars: Readonly<Record<string, unknown>>;
}

export interface GroupBy {
  kind: 'group_by';
  host: string;
  group: string;
  parents: readonly string[];
}

export type InventoryChange = AddHost | GroupBy;

/** The parts after the change, and whether anything changed (the task's `changed`). */
export function applyInventoryChange(parts: InventoryParts, change: InventoryChange): { parts: InventoryParts; changed: boolean } {
  const data = InventoryData.copyOf(parts.hosts, parts.groups);
  let added = parts.addedHosts ?? [];
  let changed = false;
  if (change.kind === 'add_host') {
    if (!data.hosts.has(change.name)) {
      // a new host is a direct member of "all": Ansible lists those before the other groups' hosts
      data.addHost(change.name, 'all', null);
      added = [...added, change.name];
      changed = true;
    }
    const host = data.hosts.get(change.name);
    if (host) {
      const merged = { ...host.vars, ...change.vars };
      if (JSON.stringify(merged) !== JSON.stringify(host.vars)) changed = true;
      host.vars = merged;
    }
    for (const group of change.groups) {
      if (!data.groups.has(group)) changed = true;
      if (!data.groups.get(group)?.hosts.includes(change.name)) changed = true;
      data.addHost(change.name, group, null);
    }
  } else {
    if (!data.hosts.has(change.host)) throw new Error(`${change.host} cannot be matched in inventory`);
    data.addGroup(change.group);
    for (const parent of change.parents) {
      if (!data.groups.has(parent)) changed = true;
      if (!data.groups.get(parent)?.children.includes(change.group)) changed = true;
      data.addChild(parent, change.group);
    }
    if (!data.groups.get(change.group)?.hosts.includes(change.host)) changed = true;
    data.addHost(change.host, change.group, null);
  }
  data.reconcile();
  const hosts = new Map([...added.map((h) => [h, data.hosts.get(h)] as const), ...data.hosts].filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== undefined));
  return { parts: { ...parts, hosts, groups: data.groups, depths: data.depths(), addedHosts: added }, changed };
}
