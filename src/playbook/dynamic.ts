import path from 'node:path';
import type { SourcePos } from '../errors.js';
import { idCounter, loadTaskFile, resolveTaskFile, type LoadContext } from './load-tasks.js';
import type { Item, RoleInstance, Scope } from './model.js';
import { expandRole, type RoleLoader } from './roles.js';

/** Run-time loading for include_tasks / include_role (the dynamic, per-host forms). */

function contextFor(playbookDir: string, loader: RoleLoader): LoadContext {
  const lctx: LoadContext = {
    playbookDir,
    chain: [],
    // numbered apart from the playbook's own items, by this include's own counter
    nextId: idCounter(1_000_000),
    importRole: async (name, o) =>
      (await expandRole(name, { kw: {}, params: o.params, pos: o.pos, scope: o.scope, tasksFrom: o.tasksFrom }, loader, lctx)).items,
  };
  return lctx;
}

export async function includeTasks(file: string, baseDir: string, scope: Scope, playbookDir: string, chain: string[], pos: SourcePos): Promise<Item[]> {
  const loader: RoleLoader = { searchPaths: [path.join(playbookDir, 'roles'), playbookDir], seen: new Set(), instances: [] };
  const lctx = { ...contextFor(playbookDir, loader), chain };
  return loadTaskFile(resolveTaskFile(baseDir, file), scope, lctx, pos);
}

export async function includeRole(
  name: string,
  opts: { params: Record<string, unknown>; tasksFrom?: string | undefined; scope: Scope; pos: SourcePos },
  playbookDir: string,
  rolesPath: readonly string[] = [],
): Promise<{ items: Item[]; roles: RoleInstance[] }> {
  const loader: RoleLoader = { searchPaths: [path.join(playbookDir, 'roles'), playbookDir, ...rolesPath], seen: new Set(), instances: [] };
  const { items } = await expandRole(name, { kw: {}, params: opts.params, pos: opts.pos, scope: opts.scope, tasksFrom: opts.tasksFrom }, loader, contextFor(playbookDir, loader));
  return { items, roles: loader.instances };
}
