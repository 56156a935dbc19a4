/**
 * Data-driven module tests: each test/modules/<module>/<case>.yaml gives the arguments and a
 * fake target, and the plan the module must produce (changes, diffs, result, msg or error).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ModuleError } from '../../src/errors.js';
import { parseModuleArgs } from '../../src/modules/arg-spec.js';
import { getModule } from '../../src/modules/registry.js';
import type { Change, Effect } from '../../src/modules/types.js';
import { fakeTarget, type FakeTargetSpec } from './fixture-context.js';

interface ExpectedChange {
  describe?: string;
  exec?: string;
  exec_contains?: string;
  put?: string;
  content?: string;
  mode?: string;
  stdin?: string;
  cwd?: string;
}

interface FixtureCase extends FakeTargetSpec {
  args: Record<string, unknown>;
  changes?: (string | ExpectedChange)[];
  changed?: boolean;
  skipped?: boolean;
  msg?: string;
  diffs?: { path: string; before: string; after: string }[];
  result?: Record<string, unknown>;
  error?: string;
  error_result?: Record<string, unknown>;
  reads?: string[];
  effects?: { path: string; kind?: string; content?: string; mode?: string; linkTarget?: string }[];
  warnings?: number;
}

const root = fileURLToPath(new URL('.', import.meta.url));
const moduleDirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory());

function checkChange(actual: Change | undefined, want: string | ExpectedChange, where: string): void {
  expect(actual, `${where}: missing change`).toBeDefined();
  if (!actual) return;
  if (typeof want === 'string') {
    expect(actual.describe, where).toBe(want);
    return;
  }
  if (want.describe !== undefined) expect(actual.describe, where).toBe(want.describe);
  const apply = actual.apply;
  if (want.exec !== undefined || want.exec_contains !== undefined || want.stdin !== undefined || want.cwd !== undefined) {
    expect(apply.kind, where).toBe('exec');
    if (apply.kind !== 'exec') return;
    if (want.exec !== undefined) expect(apply.command.render(), where).toBe(want.exec);
    if (want.exec_contains !== undefined) expect(apply.command.render(), where).toContain(want.exec_contains);
    if (want.stdin !== undefined) expect(String(apply.stdin), where).toBe(want.stdin);
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

function flattenEffects(changes: readonly Change[]): Effect[] {
  return changes.flatMap((c) => [...(c.effects ?? [])]);
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
        let plan;
        try {
          const args: unknown = parseModuleArgs(mod, spec.args);
          plan = await mod.plan(args, target.ctx);
        } catch (err) {
          if (spec.error === undefined) throw err;
          expect((err as Error).message).toContain(spec.error);
          if (spec.error_result) {
            expect(err).toBeInstanceOf(ModuleError);
            expect((err as ModuleError).result).toMatchObject(spec.error_result);
          }
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
        if (spec.diffs) expect((plan.diffs ?? []).map((d) => ({ path: d.path, before: d.before, after: d.after }))).toEqual(spec.diffs);
        if (spec.result) expect(plan.result ?? {}).toMatchObject(spec.result);
        if (spec.reads) expect(target.reads).toEqual(spec.reads);
        if (spec.warnings !== undefined) expect(target.warnings).toHaveLength(spec.warnings);
        if (spec.effects) {
          const effects = flattenEffects(plan.changes);
          for (const want of spec.effects) {
            const e = effects.find((x) => x.kind === 'file' && x.path === want.path);
            expect(e, `effect on ${want.path}`).toBeDefined();
            if (!e || e.kind !== 'file') continue;
            if (want.kind !== undefined) expect(e.state.kind).toBe(want.kind);
            if (e.state.kind === 'missing') continue;
            if (want.content !== undefined) expect(e.state.content?.toString('utf8')).toBe(want.content);
            if (want.mode !== undefined) expect(e.state.mode.toString(8).padStart(4, '0')).toBe(want.mode);
            if (want.linkTarget !== undefined) expect(e.state.linkTarget).toBe(want.linkTarget);
          }
        }
      });
    }
  });
}
