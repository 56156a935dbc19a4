/**
 * The loaded, read-only inventory: membership queries, host patterns and each host's
 * inventory-level variables merged in Ansible's precedence order.
 */
import { applyInventoryChange, type InventoryChange } from './changes.js';
import type { Inventory, InventoryGroup, InventoryHost } from './types.js';
import type { GroupRecord, HostRecord } from './data.js';
import { IMPLICIT_LOCALHOST, selectHosts, type PatternTarget } from './pattern.js';
import type { VarsLayer } from './vars-files.js';

export interface InventoryParts {
  sources: string[];
  hosts: Map<string, HostRecord>;
  groups: Map<string, GroupRecord>;
  depths: Map<string, number>;
  /** group_vars/host_vars beside each inventory source, in source order. */
  inventoryLayers: VarsLayer[];
  /** group_vars/host_vars beside the playbook (win over the inventory's). */
  playbookLayers: VarsLayer[];
  warnings: string[];
  /** Hosts add_host created in this run, in the order it created them (they lead "all"). */
  addedHosts?: string[];
}

/** An Inventory that also reports what it skipped while loading (Ansible prints these as warnings). */
export interface LoadedInventory extends Inventory {
  readonly warnings: readonly string[];
}

/** Variables of the implicit localhost (targeted by `localhost` without being in the inventory). */
const IMPLICIT_LOCALHOST_VARS: Readonly<Record<string, unknown>> = { ansible_connection: 'local' };

export class StaticInventory implements LoadedInventory {
  readonly sources: readonly string[];
  readonly hosts: ReadonlyMap<string, InventoryHost>;
  readonly groups: ReadonlyMap<string, InventoryGroup>;
  readonly warnings: readonly string[];
  private readonly parts: InventoryParts;
  private readonly target: PatternTarget;
  private readonly groupHosts = new Map<string, string[]>();
  private readonly ancestors = new Map<string, string[]>();

  constructor(parts: InventoryParts) {
    this.parts = parts;
    this.sources = parts.sources;
    // InventoryHost.vars promises host_vars/ files merged in; they are exactly the top three levels.
    this.hosts = new Map(
      [...parts.hosts].map(([name, record]) => [name, { name, groups: [...record.groups], vars: this.hostLevelVars(name, record.vars) }]),
    );
    this.groups = parts.groups;
    this.warnings = parts.warnings;
    const hostNames = [...parts.hosts.keys()];
    this.target = {
      hostNames,
      groupNames: [...parts.groups.keys()],
      hostsOfGroup: (group) => [...this.hostsOfGroup(group)],
    };
  }

  /** A new inventory with add_host's or group_by's change; this one stays as it is. */
  withChange(change: InventoryChange): { inventory: StaticInventory; changed: boolean } {
    const { parts, changed } = applyInventoryChange(this.parts, change);
    return { inventory: changed ? new StaticInventory(parts) : this, changed };
  }

  select(pattern: string | readonly string[]): string[] {
    return selectHosts(this.target, pattern);
  }

  groupNames(host: string): string[] {
    const record = this.parts.hosts.get(host);
    if (!record) return [];
    const names = new Set<string>();
    for (const group of record.groups) for (const g of this.groupAndAncestors(group)) names.add(g);
    names.delete('all');
    return [...names].sort();
  }

  groupsMap(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const name of this.parts.groups.keys()) out[name] = [...this.hostsOfGroup(name)];
    return out;
  }

  hostVars(host: string): Record<string, unknown> {
    const record = this.parts.hosts.get(host);
    if (!record && host !== IMPLICIT_LOCALHOST) throw new Error(`hostVars: '${host}' is not in the inventory`);
    const { inventoryLayers, playbookLayers } = this.parts;
    const groups = record ? this.sortedGroups(record) : [];
    const merged: Record<string, unknown> = {};
    const add = (vars: Record<string, unknown> | undefined): void => {
      if (vars) Object.assign(merged, vars);
    };

    add(this.parts.groups.get('all')?.vars);
    for (const layer of inventoryLayers) add(layer.groups.get('all'));
    for (const layer of playbookLayers) add(layer.groups.get('all'));
    for (const group of groups) add(this.parts.groups.get(group)?.vars);
    // Like Ansible's vars plugins: source by source, and within a source group by group.
    for (const layer of inventoryLayers) for (const group of groups) add(layer.groups.get(group));
    for (const layer of playbookLayers) for (const group of groups) add(layer.groups.get(group));
    add(this.hosts.get(host)?.vars ?? this.hostLevelVars(host, IMPLICIT_LOCALHOST_VARS));
    return merged;
  }

  /** The top three levels, which are all about the host itself: inventory, then host_vars/ files. */
  private hostLevelVars(host: string, inventoryVars: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const merged = { ...inventoryVars };
    for (const layer of this.parts.inventoryLayers) Object.assign(merged, layer.hosts.get(host));
    for (const layer of this.parts.playbookLayers) Object.assign(merged, layer.hosts.get(host));
    return merged;
  }

  /** The host's groups with their ancestors, without "all": parents first, then priority, then name. */
  private sortedGroups(record: HostRecord): string[] {
    const names = new Set<string>();
    for (const group of record.groups) for (const g of this.groupAndAncestors(group)) names.add(g);
    names.delete('all');
    const { depths, groups } = this.parts;
    return [...names].sort(
      (a, b) =>
        (depths.get(a) ?? 0) - (depths.get(b) ?? 0) ||
        (groups.get(a)?.priority ?? 1) - (groups.get(b)?.priority ?? 1) ||
        (a < b ? -1 : a > b ? 1 : 0),
    );
  }

  private groupAndAncestors(group: string): string[] {
    let known = this.ancestors.get(group);
    if (!known) {
      const seen = new Set<string>([group]);
      const queue = [group];
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        for (const parent of this.parts.groups.get(next)?.parents ?? []) {
          if (!seen.has(parent)) {
            seen.add(parent);
            queue.push(parent);
          }
        }
      }
      known = [...seen];
      this.ancestors.set(group, known);
    }
    return known;
  }

  /** Hosts of a group and of every group below it, in inventory order. */
  private hostsOfGroup(group: string): string[] {
    let known = this.groupHosts.get(group);
    if (!known) {
      const record = this.parts.groups.get(group);
      if (group === 'all') known = [...this.parts.hosts.keys()];
      else if (!record) known = [];
      else {
        const members = new Set(record.hosts);
        for (const child of this.descendants(group)) for (const h of this.parts.groups.get(child)?.hosts ?? []) members.add(h);
        known = [...this.parts.hosts.keys()].filter((h) => members.has(h));
      }
      this.groupHosts.set(group, known);
    }
    return known;
  }

  private descendants(group: string): Set<string> {
    const seen = new Set<string>();
    const queue = [...(this.parts.groups.get(group)?.children ?? [])];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.parts.groups.get(next)?.children ?? []));
    }
    return seen;
  }
}
