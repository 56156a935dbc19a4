/**
 * The module fixture target (test/modules/fixture-context.ts) plus what system modules read:
 * facts given by value, facts parsed from recorded command output, probe sequences (wait_for
 * polling), and the effects of a plan folded back in, so a case can check that a second run
 * after the planned changes has nothing left to do — which is what makes check mode exact.
 */
import type { ShellCommand } from '../../src/connection/command.js';
import type { ExecResult } from '../../src/connection/types.js';
import type { FileState } from '../../src/facts/file.js';
import { factKey, stableJson, type Fact } from '../../src/facts/types.js';
import type { Effect, ModuleContext } from '../../src/modules/types.js';
import { fakeTarget, type FakeTargetSpec } from '../modules/fixture-context.js';

export interface RecordedOutput {
  rc?: number;
  stdout?: string;
  stderr?: string;
}

export interface SystemProbe extends RecordedOutput {
  /** Regular expression tested against the rendered command. */
  match: string;
  /** Answers given in turn (the last one repeats); overrides rc/stdout/stderr. */
  responses?: RecordedOutput[];
}

export interface FactValueCase {
  args: Record<string, unknown>;
  value: unknown;
}

export interface SystemFixtureSpec extends Omit<FakeTargetSpec, 'probes'> {
  /** fact name → value, or a list of {args (partial match), value}. */
  facts?: Record<string, unknown>;
  /** Facts not listed in `facts` run their command against these (recorded outputs). */
  probes?: SystemProbe[];
}

export interface SystemTarget {
  ctx: ModuleContext;
  probes: string[];
  warnings: string[];
  /** Makes the effects the truth for later plans (what the executor does in check mode). */
  applyEffects(effects: readonly Effect[]): void;
}

function matchesArgs(want: Record<string, unknown>, args: unknown): boolean {
  if (!args || typeof args !== 'object') return Object.keys(want).length === 0;
  const have = args as Record<string, unknown>;
  return Object.entries(want).every(([k, v]) => stableJson(have[k]) === stableJson(v));
}

function isCaseList(value: unknown): value is FactValueCase[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => v && typeof v === 'object' && 'args' in v && 'value' in v);
}

export function systemTarget(spec: SystemFixtureSpec): SystemTarget {
  const base = fakeTarget({ ...spec, probes: [] });
  const probes: string[] = [];
  const factOverrides = new Map<string, unknown>();
  const fileOverrides = new Map<string, FileState>();
  const consumed = new Map<SystemProbe, number>();

  function answer(command: ShellCommand): ExecResult {
    const text = command.render();
    probes.push(text);
    const p = (spec.probes ?? []).find((candidate) => new RegExp(candidate.match).test(text));
    if (!p) throw new Error(`unexpected command: ${text}`);
    let out: RecordedOutput = p;
    if (p.responses?.length) {
      const i = consumed.get(p) ?? 0;
      consumed.set(p, i + 1);
      out = p.responses[Math.min(i, p.responses.length - 1)] ?? p;
    }
    const stdout = out.stdout ?? '';
    return { rc: out.rc ?? 0, stdout, stderr: out.stderr ?? '', stdoutBytes: Buffer.from(stdout) };
  }

  const ctx: ModuleContext = {
    ...base.ctx,
    fact<A, T>(fact: Fact<A, T>, args: A): Promise<T> {
      const key = factKey(fact, args);
      if (factOverrides.has(key)) return Promise.resolve(factOverrides.get(key) as T);
      const given = spec.facts?.[fact.name];
      if (given !== undefined) {
        if (!isCaseList(given)) return Promise.resolve(structuredClone(given) as T);
        const hit = given.find((c) => matchesArgs(c.args, args));
        if (hit) return Promise.resolve(structuredClone(hit.value) as T);
      }
      try {
        return Promise.resolve(fact.parse(answer(fact.command(args)), args));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    stat(path, opts) {
      const known = fileOverrides.get(path);
      return known ? Promise.resolve(known) : base.ctx.stat(path, opts);
    },
    readFile(path) {
      const known = fileOverrides.get(path);
      if (known?.kind === 'missing') return Promise.resolve(null);
      if (known?.kind === 'file' && known.content) return Promise.resolve(known.content);
      return base.ctx.readFile(path);
    },
    probe(command) {
      try {
        return Promise.resolve(answer(command));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
  };
  return {
    ctx,
    probes,
    warnings: base.warnings,
    applyEffects(effects) {
      for (const e of effects) {
        if (e.kind === 'fact') factOverrides.set(e.key, e.value);
        else fileOverrides.set(e.path, e.state);
      }
    },
  };
}
