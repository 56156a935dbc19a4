/**
 * `play inventory --list` and `--graph`: the same shapes `ansible-inventory` prints, so tools
 * that read Ansible's output can read ours.
 */
import { OptionsError } from '../errors.js';
import { UnsafeText } from '../template/unsafe.js';
import type { Inventory } from './types.js';

/** Magic and run-time variables that ansible-inventory leaves out of host variables. */
const INTERNAL_VARS = new Set([
  'ansible_diff_mode', 'ansible_config_file', 'ansible_facts', 'ansible_forks', 'ansible_inventory_sources',
  'ansible_limit', 'ansible_playbook_python', 'ansible_run_tags', 'ansible_skip_tags', 'ansible_verbosity',
  'ansible_version', 'inventory_dir', 'inventory_file', 'inventory_hostname', 'inventory_hostname_short',
  'groups', 'group_names', 'omit', 'playbook_dir',
]);

export interface InventoryListGroup {
  hosts?: string[];
  children?: string[];
}

export type InventoryList = { _meta: { hostvars: Record<string, Record<string, unknown>> } } & Record<string, unknown>;

/** The `--list` object: every non-empty group with sorted hosts/children, and `_meta.hostvars`. */
export function inventoryListData(inv: Inventory): InventoryList {
  const groups: Record<string, InventoryListGroup> = {};
  const visit = (name: string): void => {
    const group = inv.groups.get(name);
    if (!group) return;
    const entry: InventoryListGroup = {};
    if (name !== 'all') {
      const hosts = [...group.hosts].sort(byName);
      if (hosts.length) entry.hosts = hosts;
    }
    const children = [...group.children].sort(byName);
    if (children.length) entry.children = children;
    if (entry.hosts || entry.children) groups[name] = entry;
    for (const child of children) visit(child);
  };
  visit('all');

  const hostvars: Record<string, Record<string, unknown>> = {};
  for (const host of inv.hosts.keys()) {
    const vars = Object.fromEntries(Object.entries(inv.hostVars(host)).filter(([k]) => !INTERNAL_VARS.has(k)));
    if (Object.keys(vars).length) hostvars[host] = vars;
  }
  return { _meta: { hostvars }, ...groups };
}

/** `--list` as ansible-inventory prints it: JSON, keys sorted, four-space indent. */
export function renderInventoryList(inv: Inventory): string {
  return JSON.stringify(sortKeys(inventoryListData(inv)), null, 4);
}

/** `--graph`: the group tree from `start` (default all), children and hosts sorted by name. */
export function renderInventoryGraph(inv: Inventory, start = 'all'): string {
  const lines: string[] = [];
  const line = (text: string, depth: number): void => {
    lines.push(depth ? `${'  |'.repeat(depth)}--${text}` : text);
  };
  const visit = (name: string, depth: number): void => {
    const group = inv.groups.get(name);
    if (!group) return;
    line(`@${name}:`, depth);
    for (const child of [...group.children].sort(byName)) visit(child, depth + 1);
    if (name !== 'all') for (const host of [...group.hosts].sort(byName)) line(host, depth + 1);
  };
  if (!inv.groups.has(start)) {
    throw new OptionsError(`'${start}' is not a group`, { hint: '--graph starts from a group name, e.g. all' });
  }
  visit(start, 0);
  return lines.join('\n');
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Python's json.dumps(sort_keys=True): object keys sorted at every level. An `!unsafe` value is
 * written as ansible-inventory writes it, `{"__ansible_unsafe": "text"}`.
 */
function sortKeys(value: unknown): unknown {
  if (value instanceof UnsafeText) return { __ansible_unsafe: value.text };
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => byName(a, b));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
