import type { InventoryChange } from '../inventory/index.js';
import type { TaskItem } from '../playbook/model.js';
import type { Vars } from '../template/types.js';
import { withoutMarks } from '../template/unsafe.js';
import { setOwn } from '../util/own-props.js';
import type { ModuleRun } from './execute-module.js';
import type { HostRuntime, RunState } from './state.js';

/**
 * add_host and group_by: Ansible's action plugins describe the change, its strategy applies it
 * to the run's inventory. Here both halves: the change goes to this run's inventory only (a new
 * one each time, see inventory/changes.ts), so a later play's `hosts:` sees it and another run
 * in the same process does not.
 */
const ADD_HOST_NAMES = ['name', 'hostname', 'host'];
const ADD_HOST_SPECIAL = new Set(['name', 'hostname', 'groupname', 'groups']);

function emptyRun(): ModuleRun {
  return { result: {}, changed: false, failed: false, skipped: false, unreachable: false, diffs: [], commands: [], sent: [] };
}

function failed(msg: string): ModuleRun {
  return { ...emptyRun(), failed: true, result: { msg } };
}

function apply(state: RunState, change: InventoryChange): boolean {
  const { inventory, changed } = state.inventory.withChange(change);
  if (inventory !== state.inventory) {
    state.inventory = inventory;
    state.vars.setInventory(inventory);
  }
  return changed;
}

export function runAddHost(state: RunState, task: TaskItem, vars: Vars, taskName: string): ModuleRun {
  let args = state.templar.renderValue(task.args, vars, { source: task.pos, task: taskName }) as Record<string, unknown>;
  if ('_raw_params' in args) {
    const { _raw_params: raw, ...rest } = args;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return failed(`Invalid raw parameters passed, requires a dictonary/mapping got a  ${pyTypeName(raw)}`);
    args = { ...(raw as Record<string, unknown>), ...rest };
  }
  const nameKey = ADD_HOST_NAMES.find((k) => args[k] !== undefined && args[k] !== null);
  if (nameKey === undefined) return failed('name, host or hostname needs to be provided');
  const given = String(withoutMarks(args[nameKey]));
  const { name, port } = splitPort(given);
  if (port !== undefined) args = { ...args, ansible_ssh_port: port };
  const groupsArg = withoutMarks(args.groupname ?? args.groups ?? args.group ?? '');
  let groupList: string[];
  if (Array.isArray(groupsArg)) groupList = groupsArg.map(String);
  else if (typeof groupsArg === 'string') groupList = groupsArg === '' ? [] : groupsArg.split(',');
  else return failed('Groups must be specified as a list.');
  const groups: string[] = [];
  for (const g of groupList) if (!groups.includes(g)) groups.push(g.trim());
  // as Ansible: every other argument is a host variable (`host` and `group` too)
  const hostVars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) if (!ADD_HOST_SPECIAL.has(k)) setOwn(hostVars, k, v);
  const changed = apply(state, { kind: 'add_host', name, groups, vars: hostVars });
  return { ...emptyRun(), changed, result: { add_host: { host_name: name, groups, host_vars: hostVars } } };
}

export function runGroupBy(state: RunState, task: TaskItem, host: HostRuntime, vars: Vars, taskName: string): ModuleRun {
  const args = withoutMarks(state.templar.renderValue(task.args, vars, { source: task.pos, task: taskName })) as Record<string, unknown>;
  if (args.key === undefined || args.key === null) return failed("the 'key' param is required when using group_by");
  const parentsArg = args.parents ?? ['all'];
  const parents = (Array.isArray(parentsArg) ? parentsArg : [parentsArg]).map((p) => String(p).replaceAll(' ', '-'));
  const group = String(args.key).replaceAll(' ', '-');
  if (!state.inventory.hosts.has(host.name)) return failed(`${host.name} cannot be matched in inventory`);
  const changed = apply(state, { kind: 'group_by', host: host.name, group, parents });
  return { ...emptyRun(), changed, result: { add_group: group, parent_groups: parents } };
}

/** Ansible's parse_address for `host:port` and `[v6]:port`; anything else is a name as given. */
function splitPort(text: string): { name: string; port?: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:[\]]+):(\d+)$/.exec(text);
  return m ? { name: m[1] as string, port: Number(m[2]) } : { name: text };
}

function pyTypeName(v: unknown): string {
  if (typeof v === 'string') return "<class 'str'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  return "<class 'NoneType'>";
}
