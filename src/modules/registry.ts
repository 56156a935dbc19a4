import { BUILTIN_MODULES } from './builtin.js';
import type { ModuleDefinition } from './types.js';

/** Actions the executor implements itself (they steer the run rather than plan changes). */
export const EXECUTOR_ACTIONS: ReadonlySet<string> = new Set(['meta', 'include_tasks', 'import_tasks', 'include_role', 'import_role', 'include', 'include_vars', 'add_host', 'group_by']);

/** Modules by name; a name listed twice (or shadowing an executor action) is a programming error. */
export function indexModules(list: readonly ModuleDefinition[]): ReadonlyMap<string, ModuleDefinition> {
  const byName = new Map<string, ModuleDefinition>();
  for (const m of list) {
    if (byName.has(m.name)) throw new Error(`module '${m.name}' is listed twice`);
    if (EXECUTOR_ACTIONS.has(m.name)) throw new Error(`module '${m.name}' has the name of an action the executor implements`);
    byName.set(m.name, m);
  }
  return byName;
}

const modules = indexModules(BUILTIN_MODULES);

export function getModule(name: string): ModuleDefinition | undefined {
  return modules.get(name);
}

export function moduleNames(): string[] {
  return [...modules.keys(), ...EXECUTOR_ACTIONS];
}

export function isKnownAction(name: string): boolean {
  return modules.has(name) || EXECUTOR_ACTIONS.has(name);
}

export function allModules(): ModuleDefinition[] {
  return [...modules.values()];
}
