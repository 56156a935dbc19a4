import type { SourcePos } from '../errors.js';
import { idCounter, loadTaskFile, resolveTaskFile, type LoadContext } from './load-tasks.js';
import type { Item, RoleFromFiles, RoleInstance, Scope } from './model.js';
import { expandRole, parentRoleParams, type RoleLoader } from './roles.js';

/** Run-time loading for include_tasks / include_role (the dynamic, per-host forms). */

function contextFor(playbookDir: string, loader: RoleLoader): LoadContext {
  const lctx: LoadContext = {
    playbookDir,
    chain: [],
    // numbered apart from the playbook's own items, by this include's own counter
    nextId: idCounter(1_000_000),
    parentRoleParams,
    importRole: async (name, o) => (await expandRole(name, { kw: {}, ...o, fromInclude: true }, loader, lctx)).items,
  };
  return lctx;
}

export async function includeTasks(file: string, baseDir: string, scope: Scope, play: { dir: string; roleSearchPaths: string[] }, chain: string[], pos: SourcePos): Promise<Item[]> {
  const playbookDir = play.dir;
  const loader: RoleLoader = { searchPaths: play.roleSearchPaths, seen: new Set(), instances: [] };
  const lctx = { ...contextFor(playbookDir, loader), chain };
  return loadTaskFile(resolveTaskFile(baseDir, file), scope, lctx, pos);
}

/**
 * Found where the play finds roles (roles_path included). The included role itself runs every
 * time (unless `allowDuplicates: false`); its dependencies are skipped when the play's role cache
 * keys (roleKeys) show it already used them.
 */
export async function includeRole(
  name: string,
  opts: { params: Record<string, unknown>; tasksFrom?: string | undefined; fromFiles?: RoleFromFiles; scope: Scope; pos: SourcePos; allowDuplicates?: boolean | undefined; rolespecValidate?: boolean | undefined },
  play: { dir: string; roleSearchPaths: string[]; roleKeys: Set<string> },
): Promise<{ items: Item[]; roles: RoleInstance[] }> {
  const loader: RoleLoader = { searchPaths: play.roleSearchPaths, seen: play.roleKeys, instances: [] };
  const { items } = await expandRole(name, { kw: {}, ...opts, fromInclude: true }, loader, contextFor(play.dir, loader));
  return { items, roles: loader.instances };
}

/** Marks items as handlers (what notify runs, shown as RUNNING HANDLER, never filtered by tags). */
export function markHandlers(items: readonly Item[]): void {
  for (const item of items) {
    if (item.kind === 'block') markHandlers([...item.block, ...item.rescue, ...item.always]);
    else item.handler = true;
  }
}
