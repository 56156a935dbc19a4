/**
 * The lab's addresses have one source: inventory/lab.yml, the inventory users run against. The
 * lab starts a namespace host for each SSH host in it and the phone emulator on spa303's address,
 * so moving a host there moves it everywhere. Read with the `yaml` package rather than the
 * inventory loader: the loader would also read group_vars (vaulted) and run asynchronously,
 * while only names, groups and addresses are needed here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PlayError } from '../errors.js';
import type { LabHost } from './hosts.js';

/** inventory/lab.yml of this repository (the same path from src/lab and dist/lab). */
export const LAB_INVENTORY = path.resolve(import.meta.dirname, '..', '..', 'inventory', 'lab.yml');

/** The group whose member gets /dev/kvm (the hypervisor host). */
const KVM_GROUP = 'kvm_hosts';
/** The inventory host the SPA303 emulator stands in for. */
const PHONE_HOST = 'spa303';

export interface LabInventory {
  /** Every SSH host, in file order: each becomes a namespace host. */
  hosts: LabHost[];
  /** The phone's address: the emulator binds it. */
  spa303Address: string;
}

interface FoundHost {
  groups: Set<string>;
  vars: Record<string, unknown>;
}

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walks a YAML inventory's groups, collecting each host's groups and its vars (group vars first, host vars win). */
function collectHosts(group: Mapping, name: string, inherited: Mapping, ancestors: string[], out: Map<string, FoundHost>): void {
  const vars = { ...inherited, ...(isMapping(group.vars) ? group.vars : {}) };
  const groups = [...ancestors, name];
  if (isMapping(group.hosts)) {
    for (const [host, hostVars] of Object.entries(group.hosts)) {
      const found = out.get(host) ?? { groups: new Set<string>(), vars: {} };
      groups.forEach((g) => found.groups.add(g));
      Object.assign(found.vars, vars, isMapping(hostVars) ? hostVars : {});
      out.set(host, found);
    }
  }
  if (isMapping(group.children)) {
    for (const [child, body] of Object.entries(group.children)) collectHosts(isMapping(body) ? body : {}, child, vars, groups, out);
  }
}

/** The lab's hosts and phone address from the text of a YAML inventory (`file` names it in errors). */
export function parseLabInventory(text: string, file: string): LabInventory {
  const doc: unknown = parse(text);
  if (!isMapping(doc) || !isMapping(doc.all)) throw new PlayError('LAB_BAD_INVENTORY', `${file}: expected a YAML inventory with an "all" group`);
  const found = new Map<string, FoundHost>();
  collectHosts(doc.all, 'all', {}, [], found);
  const address = (name: string, host: FoundHost): string => {
    const a = host.vars['ansible_host'];
    if (typeof a !== 'string' || a === '') throw new PlayError('LAB_BAD_INVENTORY', `${file}: lab host ${name} has no ansible_host`);
    return a;
  };
  const hosts: LabHost[] = [];
  let spa303Address: string | undefined;
  for (const [name, host] of found) {
    if (name === PHONE_HOST) spa303Address = address(name, host);
    const connection = host.vars['ansible_connection'];
    if (connection !== undefined && connection !== 'ssh') continue;
    hosts.push({ name, address: address(name, host), kvm: host.groups.has(KVM_GROUP) });
  }
  if (spa303Address === undefined) throw new PlayError('LAB_BAD_INVENTORY', `${file}: no host ${PHONE_HOST} (the phone the emulator stands in for)`);
  return { hosts, spa303Address };
}

/** inventory/lab.yml, read now: a small file, read only when a lab command needs it. */
export function readLabInventory(file: string = LAB_INVENTORY): LabInventory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PlayError('LAB_BAD_INVENTORY', `cannot read the lab inventory ${file}: ${(err as Error).message}`, {
      hint: 'the lab runs from a checkout of the repository, whose inventory/lab.yml lists its hosts',
    });
  }
  return parseLabInventory(text, file);
}

/** The lab inventory's SSH hosts (the thesis' addresses moved into 127.0.10.0/24). */
export function defaultLabHosts(): LabHost[] {
  return readLabInventory().hosts;
}

/** spa303 is not a namespace host: it is an extra service whose emulator lives elsewhere. */
export function spa303Address(): string {
  return readLabInventory().spa303Address;
}
