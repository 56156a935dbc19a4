import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_MODULES } from './builtin.js';
import { renderModulesDoc } from './docs.js';
import { allModules, getModule, indexModules, isKnownAction } from './registry.js';
import type { ModuleDefinition } from './types.js';

const MODULES_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Names given to defineModule anywhere under src/modules: what exists, listed or not. */
function definedModuleNames(): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(MODULES_DIR, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/defineModule\(\{\s*name: '([a-z_]+)'/g)) names.push(`${m[1]} (${relative(MODULES_DIR, join(entry.parentPath, entry.name))})`);
  }
  return names;
}

const fake = (name: string): ModuleDefinition => ({ name, description: '', args: BUILTIN_MODULES[0]?.args ?? ({} as never), plan: () => Promise.resolve({ changes: [] }) });

describe('the module registry', () => {
  it('lists every module defined under src/modules, so none is unusable or undocumented', () => {
    const listed = new Set(BUILTIN_MODULES.map((m) => m.name));
    const unlisted = definedModuleNames().filter((n) => !listed.has(n.split(' ')[0] ?? ''));
    expect(unlisted, 'add these to src/modules/builtin.ts').toEqual([]);
    // the scan itself finds every listed module, so an unlisted one would be found too
    expect(definedModuleNames()).toHaveLength(BUILTIN_MODULES.length);
  });

  it('lists each module once and never under an executor action name', () => {
    expect(() => indexModules([fake('copy'), fake('copy')])).toThrow("module 'copy' is listed twice");
    expect(() => indexModules([fake('meta')])).toThrow("module 'meta' has the name of an action the executor implements");
    expect(new Set(BUILTIN_MODULES.map((m) => m.name)).size).toBe(BUILTIN_MODULES.length);
  });

  it('is what the executor finds and the docs describe: nothing else', () => {
    expect(allModules().map((m) => m.name)).toEqual(BUILTIN_MODULES.map((m) => m.name));
    for (const m of BUILTIN_MODULES) expect(getModule(m.name)).toBe(m);
    expect(getModule('not_listed')).toBeUndefined();
    expect(isKnownAction('not_listed')).toBe(false);
    const documented = [...renderModulesDoc(allModules()).matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(BUILTIN_MODULES.map((m) => m.name).sort());
  });
});
