import path from 'node:path';
import { selectPlayHosts } from '../executor/run-playbook.js';
import type { HistoryDb } from '../history/db.js';
import { fleetCells, type Cell } from '../history/queries.js';
import type { Inventory } from '../inventory/types.js';
import { loadPlaybook } from '../playbook/load-playbook.js';
import { loadConfig, loadProjectInventory, withProjectVault } from '../project/config.js';
import { Templar } from '../template/index.js';

/** What the dashboard serves: the project's site playbook over its inventory. */
export interface ServedProject {
  dir: string;
  playbook: string;
  /** -i as given to play serve (undefined: the project's default). */
  inventoryArgs: string[] | undefined;
  /** Host → the roles the playbook gives it, in playbook order. */
  roles: Map<string, string[]>;
  /** Inventory group → its hosts, in inventory order (a host under its first group). */
  groups: { name: string; hosts: string[] }[];
}

/** Reads the inventory and the playbook's plays (which hosts get which roles); connects to nothing. */
export async function loadServedProject(playbookFile: string, inventoryArgs: string[] | undefined): Promise<ServedProject> {
  const config = await loadConfig();
  const playbook = path.resolve(playbookFile);
  const { inventory, pb } = await withProjectVault(config, async () => ({
    inventory: await loadProjectInventory(inventoryArgs, config, path.dirname(playbook)),
    pb: await loadPlaybook(playbook, { rolesPath: config.rolesPath }),
  }));
  const templar = new Templar();
  const roles = new Map<string, string[]>();
  for (const play of pb.plays) {
    const { hosts } = selectPlayHosts(inventory, play, templar, {}, undefined);
    for (const h of hosts) {
      const mine = roles.get(h) ?? [];
      for (const r of play.roles) if (!mine.includes(r.name)) mine.push(r.name);
      roles.set(h, mine);
    }
  }
  return { dir: config.dir, playbook, inventoryArgs, roles, groups: groupHosts(inventory, [...roles.keys()]) };
}

function groupHosts(inventory: Inventory, hosts: string[]): { name: string; hosts: string[] }[] {
  const out = new Map<string, string[]>();
  for (const h of hosts) {
    const group = inventory.hosts.get(h)?.groups[0] ?? 'ungrouped';
    out.set(group, [...(out.get(group) ?? []), h]);
  }
  return [...out].map(([name, members]) => ({ name, hosts: members }));
}

export type CellView = Omit<Cell, 'state'> & { state: Cell['state'] | 'not-checked' };

/** The Fleet page's data: every host × role the playbook defines, with its last known state. */
export function fleetView(project: ServedProject, db: HistoryDb): { roles: string[]; groups: { name: string; hosts: { name: string; cells: CellView[] }[] }[] } {
  const known = new Map(fleetCells(db).map((c) => [`${c.host}\0${c.role}`, c]));
  const roles = [...new Set([...project.roles.values()].flat())];
  return {
    roles,
    groups: project.groups.map((g) => ({
      name: g.name,
      hosts: g.hosts.map((h) => ({
        name: h,
        cells: (project.roles.get(h) ?? []).map(
          (role): CellView => known.get(`${h}\0${role}`) ?? { host: h, role, state: 'not-checked', changes: 0, runId: 0, checkedAt: 0 },
        ),
      })),
    })),
  };
}
