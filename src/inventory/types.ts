import type { InventoryChange } from './changes.js';

/** The inventory as the executor sees it. Variables here are raw (not yet templated). */
export interface InventoryHost {
  name: string;
  /** Host variables from the inventory source(s) and host_vars/ files, merged. */
  vars: Record<string, unknown>;
  /** Groups the host belongs to directly (not "all"). */
  groups: string[];
}

export interface InventoryGroup {
  name: string;
  vars: Record<string, unknown>;
  hosts: string[]; // direct members, in inventory order
  children: string[];
  parents: string[];
}

export interface Inventory {
  readonly sources: readonly string[];
  readonly hosts: ReadonlyMap<string, InventoryHost>;
  readonly groups: ReadonlyMap<string, InventoryGroup>;
  /** Hosts matching an Ansible host pattern, in inventory order (implicit localhost included). */
  select(pattern: string | readonly string[]): string[];
  /** group_names for a host: every group it is in, directly or through children, sorted, without "all". */
  groupNames(host: string): string[];
  /** `groups` magic var: group name → host names (with "all" and "ungrouped"). */
  groupsMap(): Record<string, string[]>;
  /**
   * The host's inventory-level variables merged in Ansible's order: all group → parent groups →
   * child groups (depth, then ansible_group_priority, then name) → host vars; group_vars/ and
   * host_vars/ files beside the inventory, then beside the playbook.
   */
  hostVars(host: string): Record<string, unknown>;
  /** A new inventory with an add_host or group_by change (this one never changes), and whether it changed anything. */
  withChange(change: InventoryChange): { inventory: Inventory; changed: boolean };
}

export interface LoadInventoryOptions {
  /** group_vars/ and host_vars/ next to the playbook also apply (and win over the inventory's). */
  playbookDir?: string | undefined;
}
