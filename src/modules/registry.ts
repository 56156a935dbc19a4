import { targetModules } from './builtin.js';
import { assertModule } from './controller/assert.js';
import { debug } from './controller/debug.js';
import { fail } from './controller/fail.js';
import { setFact } from './controller/set-fact.js';
import { phoneModules } from './phone/index.js';
import { systemModules } from './system/index.js';
import { setup } from './system/setup.js';
import type { ModuleDefinition } from './types.js';

/** Actions the executor implements itself (they steer the run rather than plan changes). */
export const EXECUTOR_ACTIONS = new Set(['meta', 'include_tasks', 'import_tasks', 'include_role', 'import_role', 'include', 'include_vars']);

const modules = new Map<string, ModuleDefinition>();
for (const m of [debug, setFact, assertModule, fail, setup, ...targetModules, ...systemModules, ...phoneModules] as ModuleDefinition[]) modules.set(m.name, m);

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
