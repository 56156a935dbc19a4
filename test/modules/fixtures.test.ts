/**
 * Data-driven module tests, one runner for all of them: each test/modules/<module>/<case>.yaml and
 * test/modules-system/<module>/<case>.yaml gives the arguments, the target's state (files, facts
 * by value, recorded command output) and the plan the module must produce (changes, diffs,
 * result, msg or error). The module plans on the real HostWorld through the real ModuleContext
 * (fixture-target.ts). Unless a case says `second_run: skip`, its planned effects are then
 * folded back in by HostWorld's check-mode simulation and the module planned again: it must find
 * nothing left to do (the check-mode prediction holds).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ModuleError } from '../../src/errors.js';
import { parseModuleArgs } from '../../src/modules/arg-spec.js';
import { getModule } from '../../src/modules/registry.js';
import type { Change, Plan } from '../../src/modules/types.js';
import { fixtureTarget, type FakeTargetSpec } from './fixture-target.js';

interface ExpectedChange {
  describe?: string;
  kind?: string;
  exec?: string;
  exec_contains?: string | string[];
  stdin?: string;
  stdin_contains?: string;
  cwd?: string;
  put?: string;
  content?: string;
  mode?: string;
}

interface FixtureCase extends FakeTargetSpec {
  args: Record<string, unknown>;
  changes?: (string | ExpectedChange)[];
  changed?: boolean;
  skipped?: boolean;
  msg?: string;
  msg_contains?: string;
  diffs?: { path: string; before: string; after: string }[];
  result?: Record<string, unknown>;
  result_absent?: string[];
  error?: string;
  error_hint?: string;
  error_result?: Record<string, unknown>;
  reads?: string[];
  effects?: { path: string; kind?: string; content?: string; mode?: string; linkTarget?: string }[];
  fact_effects?: { fact: string; value: unknown }[];
  probe_count?: number;
  warnings?: number;
  second_run?: 'unchanged' | 'skip';
}

/** Every key a case may use: a misspelt expectation would otherwise be silently not checked. */
const CASE_KEYS = new Set([
  'args', 'changes', 'changed', 'skipped', 'msg', 'msg_contains', 'diffs', 'result', 'result_absent', 'error',
  'error_hint', 'error_result', 'reads', 'effects', 'fact_effects', 'probe_count', 'warnings', 'second_run',
  'files', 'probes', 'umask', 'local', 'vars', 'diff', 'facts',
]);

const ROOTS = ['.', '../modules-system'].map((r) => fileURLToPath(new URL(`${r}/`, import.meta.url)));

function checkChange(actual: Change | undefined, want: string | ExpectedChange, where: string): void {
  expect(actual, `${where}: missing change`).toBeDefined();
  if (!actual) return;
  if (typeof want === 'string') {
    expect(actual.describe, where).toBe(want);
    return;
  }
  if (want.describe !== undefined) expect(actual.describe, where).toBe(want.describe);
  if (want.kind !== undefined) expect(actual.apply.kind, where).toBe(want.kind);
  const apply = actual.apply;
  if ([want.exec, want.exec_contains, want.stdin, want.stdin_contains, want.cwd].some((w) => w !== undefined)) {
    expect(apply.kind, where).toBe('exec');
    if (apply.kind !== 'exec') return;
    if (want.exec !== undefined) expect(apply.command.render(), where).toBe(want.exec);
    for (const part of [want.exec_contains ?? []].flat()) expect(apply.command.render(), where).toContain(part);
    if (want.stdin !== undefined) expect(String(apply.stdin), where).toBe(want.stdin);
    if (want.stdin_contains !== undefined) expect(String(apply.stdin), where).toContain(want.stdin_contains);
    if (want.cwd !== undefined) expect(apply.cwd, where).toBe(want.cwd);
  }
  if (want.put !== undefined || want.content !== undefined) {
    expect(apply.kind, where).toBe('put');
    if (apply.kind !== 'put') return;
    if (want.put !== undefined) expect(apply.path, where).toBe(want.put);
    if (want.content !== undefined) expect(apply.content.toString('utf8'), where).toBe(want.content);
    if (want.mode !== undefined) expect(apply.mode?.toString(8).padStart(4, '0'), where).toBe(want.mode);
  }
}

function checkError(spec: FixtureCase, err: unknown): void {
  if (spec.error === undefined) throw err;
  expect((err as Error).message).toContain(spec.error);
  if (spec.error_hint !== undefined) expect((err as ModuleError).hint ?? '').toContain(spec.error_hint);
  if (spec.error_result) {
    expect(err).toBeInstanceOf(ModuleError);
    expect((err as ModuleError).result).toMatchObject(spec.error_result);
  }
}

function checkPlan(spec: FixtureCase, plan: Plan): void {
  if (spec.changes) {
    expect(plan.changes.map((c) => c.describe)).toHaveLength(spec.changes.length);
    spec.changes.forEach((want, i) => checkChange(plan.changes[i], want, `change ${i}`));
  }
  if (spec.changed !== undefined) expect(plan.changed ?? plan.changes.length > 0).toBe(spec.changed);
  if (spec.skipped !== undefined) expect(plan.skipped ?? false).toBe(spec.skipped);
  if (spec.msg !== undefined) expect(plan.msg ?? '').toBe(spec.msg);
  if (spec.msg_contains !== undefined) expect(plan.msg ?? '').toContain(spec.msg_contains);
  if (spec.diffs) expect((plan.diffs ?? []).map((d) => ({ path: d.path, before: d.before, after: d.after }))).toEqual(spec.diffs);
  if (spec.result) expect(plan.result ?? {}).toMatchObject(spec.result);
  for (const key of spec.result_absent ?? []) expect(plan.result ?? {}).not.toHaveProperty(key);
  const effects = plan.changes.flatMap((c) => [...(c.effects ?? [])]);
  for (const want of spec.effects ?? []) {
    const e = effects.find((x) => x.kind === 'file' && x.path === want.path);
    expect(e, `effect on ${want.path}`).toBeDefined();
    if (!e || e.kind !== 'file') continue;
    if (want.kind !== undefined) expect(e.state.kind).toBe(want.kind);
    if (e.state.kind === 'missing') continue;
    if (want.content !== undefined) expect(e.state.content?.toString('utf8')).toBe(want.content);
    if (want.mode !== undefined) expect(e.state.mode.toString(8).padStart(4, '0')).toBe(want.mode);
    if (want.linkTarget !== undefined) expect(e.state.linkTarget).toBe(want.linkTarget);
  }
  for (const want of spec.fact_effects ?? []) {
    const e = effects.find((x) => x.kind === 'fact' && x.key.startsWith(`${want.fact}:`));
    expect(e, `effect on fact ${want.fact}`).toBeDefined();
    if (e?.kind === 'fact') expect(e.value).toMatchObject(want.value as object);
  }
}

async function runCase(moduleName: string, file: string): Promise<void> {
  const mod = getModule(moduleName);
  expect(mod, `${moduleName} is a registered module`).toBeDefined();
  if (!mod) return;
  const spec = parse(readFileSync(file, 'utf8')) as FixtureCase;
  expect(Object.keys(spec).filter((k) => !CASE_KEYS.has(k)), 'unknown keys in the case').toEqual([]);
  const target = fixtureTarget(spec);
  try {
    let plan: Plan;
    let args: unknown;
    try {
      args = parseModuleArgs(mod, spec.args);
      plan = await mod.plan(args, target.ctx);
    } catch (err) {
      checkError(spec, err);
      return;
    }
    expect(spec.error, 'expected an error').toBeUndefined();
    checkPlan(spec, plan);
    if (spec.reads) expect(target.reads).toEqual(spec.reads);
    if (spec.warnings !== undefined) expect(target.warnings).toHaveLength(spec.warnings);
    if (spec.probe_count !== undefined) expect(target.probes).toHaveLength(spec.probe_count);
    if (plan.changes.length > 0 && spec.second_run !== 'skip') {
      target.applyEffects(plan.changes.flatMap((c) => [...(c.effects ?? [])]));
      const again = await mod.plan(args, target.ctx);
      expect(again.changes.map((c) => c.describe), 'second run after the planned effects').toEqual([]);
    }
  } finally {
    target.dispose();
  }
}

for (const root of ROOTS) {
  // data/ holds recorded documents the cases and parser tests share
  const moduleDirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'data');
  for (const dir of moduleDirs) {
    describe(`module ${dir.name}`, () => {
      for (const caseFile of readdirSync(join(root, dir.name)).filter((f) => f.endsWith('.yaml')).sort()) {
        it(caseFile.replace(/\.yaml$/, ''), () => runCase(dir.name, join(root, dir.name, caseFile)));
      }
    });
  }
}
