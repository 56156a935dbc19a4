/**
 * The mutable inventory that parsers fill in, source after source (Ansible's InventoryData).
 * Hosts and groups keep the order in which they were first seen: that order is the
 * "inventory order" every listing and pattern result uses.
 */
import path from 'node:path';
import { ParseError, type SourcePos } from '../errors.js';

export interface GroupRecord {
  name: string;
  vars: Record<string, unknown>;
  hosts: string[];
  children: string[];
  parents: string[];
  /** ansible_group_priority: orders sibling groups when their vars are merged (default 1). */
  priority: number;
}

export interface HostRecord {
  name: string;
  vars: Record<string, unknown>;
  /** Direct groups, including "ungrouped" but never "all". */
  groups: string[];
}

export class InventoryData {
  readonly hosts = new Map<string, HostRecord>();
  readonly groups = new Map<string, GroupRecord>();

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  /** A copy to change (add_host, group_by): every record copied, so the original stays as it was. */
  static copyOf(hosts: ReadonlyMap<string, HostRecord>, groups: ReadonlyMap<string, GroupRecord>): InventoryData {
    const data = new InventoryData();
    data.hosts.clear();
    data.groups.clear();
    for (const [name, h] of hosts) data.hosts.set(name, { name, vars: { ...h.vars }, groups: [...h.groups] });
    for (const [name, g] of groups) data.groups.set(name, { ...g, vars: { ...g.vars }, hosts: [...g.hosts], children: [...g.children], parents: [...g.parents] });
    return data;
  }

  addGroup(name: string): GroupRecord {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, vars: {}, hosts: [], children: [], parents: [], priority: 1 };
      this.groups.set(name, group);
    }
    return group;
  }

  /**
   * Adds (or finds) a host and makes it a member of `group`. `sourceFile` is the inventory file
   * the host was first seen in: like Ansible it becomes the host's inventory_file/inventory_dir.
   */
  addHost(name: string, group: string | undefined, sourceFile: string | null, port?: number): HostRecord {
    let host = this.hosts.get(name);
    if (!host) {
      host = { name, vars: {}, groups: [] };
      this.hosts.set(name, host);
      host.vars['inventory_file'] = sourceFile;
      host.vars['inventory_dir'] = sourceFile === null ? null : path.dirname(sourceFile);
    }
    if (group !== undefined) {
      const record = this.addGroup(group);
      if (!record.hosts.includes(name)) record.hosts.push(name);
      if (group !== 'all' && !host.groups.includes(group)) host.groups.push(group);
    }
    if (port !== undefined) host.vars['ansible_port'] = port;
    return host;
  }

  setHostVar(host: string, key: string, value: unknown): void {
    const record = this.hosts.get(host);
    if (!record) throw new Error(`setHostVar: unknown host ${host}`);
    record.vars[key] = value;
  }

  setGroupVar(group: string, key: string, value: unknown, at?: SourcePos): void {
    const record = this.addGroup(group);
    // Like Ansible, the priority is a property of the group, not one of its variables.
    if (key === 'ansible_group_priority') {
      const priority = typeof value === 'number' ? value : Number(String(value).trim());
      if (!Number.isInteger(priority)) {
        throw new ParseError('INVENTORY_INVALID', `ansible_group_priority of group '${group}' must be an integer`, {
          source: at,
          hint: `got ${JSON.stringify(value)}`,
        });
      }
      record.priority = priority;
      return;
    }
    record.vars[key] = value;
  }

  /** Makes `child` a sub-group of `parent`; refuses anything that would make a group its own ancestor. */
  addChild(parent: string, child: string, at?: SourcePos): void {
    if (child === 'all') {
      throw new ParseError('INVENTORY_CYCLE', `group 'all' cannot be a child of '${parent}'`, {
        source: at,
        hint: "every group is already inside 'all'",
      });
    }
    const parentRecord = this.addGroup(parent);
    const childRecord = this.addGroup(child);
    if (parentRecord.children.includes(child)) return;
    if (parent === child || this.descendants(child).has(parent)) {
      throw new ParseError('INVENTORY_CYCLE', `adding group '${child}' to '${parent}' makes a group its own ancestor`, {
        source: at,
        hint: 'a group cannot contain itself, directly or through its children',
      });
    }
    parentRecord.children.push(child);
    childRecord.parents.push(parent);
  }

  /** Every group below `name` (children, their children, …), not including `name`. */
  descendants(name: string): Set<string> {
    const seen = new Set<string>();
    const queue = [...(this.groups.get(name)?.children ?? [])];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.groups.get(next)?.children ?? []));
    }
    return seen;
  }

  /**
   * Once every source is read: top-level groups go under "all", hosts without a group go to
   * "ungrouped", and hosts that found a group elsewhere leave it (Ansible's reconcile_inventory).
   */
  reconcile(): void {
    for (const group of this.groups.values()) {
      if (group.name !== 'all' && group.parents.length === 0) this.addChild('all', group.name);
    }
    const ungrouped = this.addGroup('ungrouped');
    for (const host of this.hosts.values()) {
      const others = host.groups.filter((g) => g !== 'ungrouped');
      if (others.length > 0 && host.groups.includes('ungrouped')) {
        host.groups = others;
        ungrouped.hosts = ungrouped.hosts.filter((h) => h !== host.name);
      } else if (host.groups.length === 0) {
        host.groups.push('ungrouped');
        ungrouped.hosts.push(host.name);
      }
    }
  }

  /** Longest distance from "all" for each group: parents always come before their children. */
  depths(): Map<string, number> {
    const depth = new Map<string, number>();
    const visit = (name: string): number => {
      const known = depth.get(name);
      if (known !== undefined) return known;
      const parents = this.groups.get(name)?.parents ?? [];
      const value = parents.length === 0 ? 0 : Math.max(...parents.map(visit)) + 1;
      depth.set(name, value);
      return value;
    };
    for (const name of this.groups.keys()) visit(name);
    return depth;
  }
}
