/**
 * The lab matrix covers every registered module, or says why not and which tests cover it
 * instead; scenarios state what the module's documented diff support makes them prove.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allModules, getModule } from '../../src/modules/registry.js';
import { exclusions, scenarios } from './lab-matrix-scenarios.js';

const repo = new URL('../../', import.meta.url);

describe('lab matrix coverage', () => {
  it('has a scenario or a reasoned exclusion for every registered module, and nothing else', () => {
    const withScenario = new Set(scenarios.map((s) => s.module));
    for (const e of exclusions) expect(withScenario.has(e.module), `${e.module} is excluded but has a scenario`).toBe(false);
    const covered = [...withScenario, ...exclusions.map((e) => e.module)].sort();
    expect(covered).toEqual(allModules().map((m) => m.name).sort());
  });

  it('excludes modules only with a reason and existing tests that cover them', () => {
    for (const e of exclusions) {
      expect(e.reason.length, e.module).toBeGreaterThan(20);
      expect(e.coveredBy.length, e.module).toBeGreaterThan(0);
      for (const file of e.coveredBy) expect(existsSync(new URL(file, repo)), `${e.module}: ${file}`).toBe(true);
    }
  });

  it('gives each scenario its own directory and names an expected diff exactly for modules that document one', () => {
    expect(new Set(scenarios.map((s) => s.root)).size).toBe(scenarios.length);
    for (const s of scenarios) {
      expect(s.root, s.module).toBe(`/tmp/play-matrix-${s.module}${s.variant ? `-${s.variant}` : ''}`);
      const documented = getModule(s.module)?.diff !== undefined;
      if (documented && s.behaviour === 'converges') expect(s.diff, `${s.module} documents a diff: the scenario must state it`).toBeDefined();
      if (!documented) expect(s.diff, `${s.module} documents no diff`).toBeUndefined();
    }
  });
});
