/**
 * A module fixture's target, run through the engine's own pieces: the real HostWorld, seeded
 * with the files and facts the case lists, and the real ModuleContext (createModuleContext) over
 * a connection whose every command goes to the case's fake runner. The effects of a plan are
 * folded back by HostWorld's check-mode simulation, so "a second run has nothing to do" checks
 * the same prediction that check mode makes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Connection } from '../../src/connection/types.js';
import { HostWorld } from '../../src/executor/host-world.js';
import { createModuleContext } from '../../src/executor/module-context.js';
import { factKey, stableJson, type Fact } from '../../src/facts/types.js';
import type { Effect, ModuleContext } from '../../src/modules/types.js';
import { Templar } from '../../src/template/index.js';
import { fakeRunner, stateOf, type FakeRunnerSpec } from './fake-runner.js';

export type { FakeFile, FakeProbe, RecordedOutput } from './fake-runner.js';

export interface FactValueCase {
  args: Record<string, unknown>;
  value: unknown;
}

export interface FakeTargetSpec extends FakeRunnerSpec {
  /** Controller files, relative to the playbook's directory: "templates/x.j2": text. */
  local?: Record<string, string> | undefined;
  vars?: Record<string, unknown> | undefined;
  diff?: boolean | undefined;
  /** fact name → value, or a list of {args (partial match), value}. */
  facts?: Record<string, unknown> | undefined;
}

export interface FixtureTarget {
  ctx: ModuleContext;
  world: HostWorld;
  /** Paths the module read whole (ctx.readFile), in order. */
  reads: string[];
  /** Commands answered from the case's probes. */
  probes: string[];
  warnings: string[];
  /** Makes the effects the truth for later plans, as the executor does in check mode. */
  applyEffects(effects: readonly Effect[]): void;
  /** Removes the controller files written for the case. */
  dispose(): void;
}

function matchesArgs(want: Record<string, unknown>, args: unknown): boolean {
  if (!args || typeof args !== 'object') return Object.keys(want).length === 0;
  const have = args as Record<string, unknown>;
  return Object.entries(want).every(([k, v]) => stableJson(have[k]) === stableJson(v));
}

function isCaseList(value: unknown): value is FactValueCase[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => v && typeof v === 'object' && 'args' in v && 'value' in v);
}

/** The value a case gives for a fact asked with these arguments, if it gives one. */
function givenFact(spec: FakeTargetSpec, name: string, args: unknown): { value: unknown } | undefined {
  const given = spec.facts?.[name];
  if (given === undefined) return undefined;
  if (!isCaseList(given)) return { value: structuredClone(given) };
  const hit = given.find((c) => matchesArgs(c.args, args));
  return hit ? { value: structuredClone(hit.value) } : undefined;
}

/** The case's controller files, written under a fresh playbook directory (none: no directory). */
function playbookDirFor(local: Record<string, string> | undefined): { dir: string; dispose(): void } {
  if (!local || Object.keys(local).length === 0) return { dir: '/nonexistent/playbook', dispose: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'play-fixture-'));
  for (const [rel, text] of Object.entries(local ?? {})) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fixtureTarget(spec: FakeTargetSpec): FixtureTarget {
  const runner = fakeRunner(spec);
  const world = new HostWorld();
  for (const [path, file] of Object.entries(spec.files ?? {})) world.seedFile(path, stateOf(file));
  const connection: Connection = {
    kind: 'fixture',
    label: 'fixture',
    exec: (command) => runner.run(command),
    put: () => Promise.reject(new Error('a fixture plans only: nothing is put')),
    get: () => Promise.reject(new Error('a fixture plans only: nothing is fetched')),
    close: () => Promise.resolve(),
  };
  const local = playbookDirFor(spec.local);
  const warnings: string[] = [];
  const reads: string[] = [];
  const ctx = createModuleContext({
    host: 'fixture',
    vars: spec.vars ?? {},
    diff: spec.diff ?? false,
    verbosity: 0,
    connection,
    become: undefined,
    env: undefined,
    world,
    templar: new Templar(),
    role: undefined,
    playbookDir: local.dir,
    taskName: 'fixture',
    pos: { file: 'fixture.yml', line: 1 },
    warn: (message) => warnings.push(message),
  });
  // A fact the case gives by name enters the world the first time a module asks for it (its
  // arguments are only known then), unless the run already knows it (a simulated effect).
  const known = new Set<string>();
  const fact = <A, T>(f: Fact<A, T>, args: A): Promise<T> => {
    const key = factKey(f, args);
    const given = known.has(key) ? undefined : givenFact(spec, f.name, args);
    if (given) world.seedFact(key, given.value);
    known.add(key);
    return ctx.fact(f, args);
  };
  const readFile = (path: string): Promise<Buffer | null> => {
    reads.push(path);
    return ctx.readFile(path);
  };
  return {
    ctx: { ...ctx, fact, readFile },
    world,
    reads,
    probes: runner.probes,
    warnings,
    applyEffects(effects) {
      for (const e of effects) if (e.kind === 'fact') known.add(e.key);
      world.applyEffects(effects, true);
    },
    dispose: local.dispose,
  };
}
