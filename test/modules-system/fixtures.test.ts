/**
 * Data-driven tests of the system modules: each test/modules-system/<module>/<case>.yaml gives
 * arguments, facts (values or recorded command output) and the plan the module must produce.
 * Unless a case says `second_run: skip`, its planned effects are then folded back in and the
 * module planned again: it must find nothing left to do (the check-mode prediction holds).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ModuleError } from '../../src/errors.js';
import { parseModuleArgs } from '../../src/modules/arg-spec.js';
import { getModule } from '../../src/modules/registry.js';
import type { Change, Plan } from '../../src/modules/types.js';
import { fakeTarget, type FakeTargetSpec } from '../modules/fixture-context.js';

interface ExpectedChange {
  describe?: string;
  exec?: string;
  exec_contains?: string | string[];
  stdin_contains?: string;
  put?: string;
  content?: string;
  kind?: string;
}

interface FixtureCase extends FakeTargetSpec {
  args: Record<string, unknown>;
  changes?: (string | ExpectedChange)[];
  changed?: boolean;
  skipped?: boolean;
  msg?: string;
  msg_contains?: string;
  result?: Record<string, unknown>;
  result_absent?: string[];
  error?: string;
  error_hint?: string;
  error_result?: Record<string, unknown>;
  fact_effects?: { fact: string; value: unknown }[];
  probe_count?: number;
  warnings?: number;
  second_run?: 'unchanged' | 'skip';
}

const root = fileURLToPath(new URL('.', import.meta.url));
// data/ holds recorded documents the cases and parser tests share
const moduleDirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'data');

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
  if (want.exec !== undefined || want.exec_contains !== undefined || want.stdin_contains !== undefined) {
    expect(apply.kind, where).toBe('exec');
    if (apply.kind !== 'exec') return;
    if (want.exec !== undefined) expect(apply.command.render(), where).toBe(want.exec);
    for (const part of [want.exec_contains ?? []].flat()) expect(apply.command.render(), where).toContain(part);
    if (want.stdin_contains !== undefined) expect(String(apply.stdin), where).toContain(want.stdin_contains);
  }
  if (want.put !== undefined || want.content !== undefined) {
    expect(apply.kind, where).toBe('put');
    if (apply.kind !== 'put') return;
    if (want.put !== undefined) expect(apply.path, where).toBe(want.put);
    if (want.content !== undefined) expect(apply.content.toString('utf8'), where).toBe(want.content);
  }
}

for (const dir of moduleDirs) {
  const mod = getModule(dir.name);
  describe(`module ${dir.name}`, () => {
    it('is a registered module', () => expect(mod).toBeDefined());
    for (const caseFile of readdirSync(join(root, dir.name)).filter((f) => f.endsWith('.yaml')).sort()) {
      it(caseFile.replace(/\.yaml$/, ''), async () => {
        if (!mod) return;
        const spec = parse(readFileSync(join(root, dir.name, caseFile), 'utf8')) as FixtureCase;
        const target = fakeTarget(spec);
        let plan: Plan;
        let args: unknown;
        try {
          args = parseModuleArgs(mod, spec.args);
          plan = await mod.plan(args, target.ctx);
        } catch (err) {
          if (spec.error === undefined) throw err;
          expect((err as Error).message).toContain(spec.error);
          if (spec.error_hint !== undefined) expect((err as ModuleError).hint ?? '').toContain(spec.error_hint);
          if (spec.error_result) expect((err as ModuleError).result).toMatchObject(spec.error_result);
          return;
        }
        expect(spec.error, 'expected an error').toBeUndefined();
        if (spec.changes) {
          expect(plan.changes.map((c) => c.describe)).toHaveLength(spec.changes.length);
          spec.changes.forEach((want, i) => checkChange(plan.changes[i], want, `change ${i}`));
        }
        if (spec.changed !== undefined) expect(plan.changed ?? plan.changes.length > 0).toBe(spec.changed);
        if (spec.skipped !== undefined) expect(plan.skipped ?? false).toBe(spec.skipped);
        if (spec.msg !== undefined) expect(plan.msg ?? '').toBe(spec.msg);
        if (spec.msg_contains !== undefined) expect(plan.msg ?? '').toContain(spec.msg_contains);
        if (spec.result) expect(plan.result ?? {}).toMatchObject(spec.result);
        for (const key of spec.result_absent ?? []) expect(plan.result ?? {}).not.toHaveProperty(key);
        if (spec.warnings !== undefined) expect(target.warnings).toHaveLength(spec.warnings);
        if (spec.probe_count !== undefined) expect(target.probes).toHaveLength(spec.probe_count);
        const effects = plan.changes.flatMap((c) => [...(c.effects ?? [])]);
        for (const want of spec.fact_effects ?? []) {
          const e = effects.find((x) => x.kind === 'fact' && x.key.startsWith(`${want.fact}:`));
          expect(e, `effect on fact ${want.fact}`).toBeDefined();
          if (e?.kind === 'fact') expect(e.value).toMatchObject(want.value as object);
        }
        if (plan.changes.length > 0 && spec.second_run !== 'skip') {
          target.applyEffects(effects);
          const again = await mod.plan(args, target.ctx);
          expect(again.changes.map((c) => c.describe), 'second run after the planned effects').toEqual([]);
        }
      });
    }
  });
}
