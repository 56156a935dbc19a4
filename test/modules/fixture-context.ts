/**
 * The fake target of the module fixtures (test/modules and test/modules-system): the files a
 * case lists are the target's state, served through the same ModuleContext a real run uses
 * (stat with sha1, readFile, probes); facts are given by value or parsed from recorded command
 * output; probe sequences answer polling (wait_for); and the effects of a plan can be folded
 * back in, so a case can check that a second run after the planned changes has nothing left
 * to do — which is what makes check mode exact.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ShellCommand } from '../../src/connection/command.js';
import type { ExecResult } from '../../src/connection/types.js';
import type { FileState } from '../../src/facts/file.js';
import { factKey, isControllerFact, stableJson, type Fact } from '../../src/facts/types.js';
import type { Effect, ModuleContext } from '../../src/modules/types.js';

export interface FakeFile {
  kind?: 'file' | 'directory' | 'link' | 'other';
  content?: string;
  /** Binary content, base64-encoded. */
  base64?: string;
  mode?: string | number;
  owner?: string;
  group?: string;
  uid?: number;
  gid?: number;
  mtime?: number;
  /** Link target (kind: link). */
  target?: string;
}

export interface RecordedOutput {
  rc?: number;
  stdout?: string;
  stderr?: string;
}

export interface FakeProbe extends RecordedOutput {
  /** Regular expression tested against the rendered command. */
  match: string;
  /** Answers given in turn (the last one repeats); overrides rc/stdout/stderr. */
  responses?: RecordedOutput[] | undefined;
}

export interface FactValueCase {
  args: Record<string, unknown>;
  value: unknown;
}

export interface FakeTargetSpec {
  files?: Record<string, FakeFile> | undefined;
  local?: Record<string, string> | undefined;
  vars?: Record<string, unknown> | undefined;
  diff?: boolean | undefined;
  /** Commands the target answers: probes, and the commands of facts not listed in `facts`. */
  probes?: FakeProbe[] | undefined;
  /** fact name → value, or a list of {args (partial match), value}. */
  facts?: Record<string, unknown> | undefined;
  /** The target's umask, octal digits like "077"; default 022. */
  umask?: string | number | undefined;
}

export interface FakeTarget {
  ctx: ModuleContext;
  reads: string[];
  probes: string[];
  warnings: string[];
  /** Makes the effects the truth for later plans (what the executor does in check mode). */
  applyEffects(effects: readonly Effect[]): void;
}

const DEFAULT_MTIME = 1_700_000_000;

function contentOf(f: FakeFile): Buffer {
  if (f.base64 !== undefined) return Buffer.from(f.base64, 'base64');
  return Buffer.from(f.content ?? '', 'utf8');
}

function matchesArgs(want: Record<string, unknown>, args: unknown): boolean {
  if (!args || typeof args !== 'object') return Object.keys(want).length === 0;
  const have = args as Record<string, unknown>;
  return Object.entries(want).every(([k, v]) => stableJson(have[k]) === stableJson(v));
}

function isCaseList(value: unknown): value is FactValueCase[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => v && typeof v === 'object' && 'args' in v && 'value' in v);
}

function modeOf(f: FakeFile, kind: string): number {
  if (typeof f.mode === 'number') return f.mode;
  if (typeof f.mode === 'string') return parseInt(f.mode, 8);
  return kind === 'directory' ? 0o755 : kind === 'link' ? 0o777 : 0o644;
}

export function fakeTarget(spec: FakeTargetSpec): FakeTarget {
  const files = new Map(Object.entries(spec.files ?? {}));
  const reads: string[] = [];
  const probes: string[] = [];
  const warnings: string[] = [];
  const kindOf = (f: FakeFile) => f.kind ?? (f.target !== undefined ? 'link' : 'file');
  const factOverrides = new Map<string, unknown>();
  const fileOverrides = new Map<string, FileState>();
  const consumed = new Map<FakeProbe, number>();

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

  function lookup(path: string): FakeFile | undefined {
    const norm = posix.normalize(path);
    const f = files.get(norm) ?? files.get(path);
    if (f) return f;
    // Parents of listed paths exist as plain root directories.
    if (norm === '/' || [...files.keys()].some((p) => p.startsWith(norm.endsWith('/') ? norm : `${norm}/`))) return { kind: 'directory' };
    return undefined;
  }

  function statOf(path: string, follow: boolean, depth = 0): FileState {
    const f = lookup(path);
    if (!f) return { kind: 'missing' };
    const kind = kindOf(f);
    if (kind === 'link' && follow && depth < 20) return statOf(posix.resolve(posix.dirname(path), f.target ?? ''), true, depth + 1);
    const content = kind === 'file' ? contentOf(f) : undefined;
    return {
      kind,
      mode: modeOf(f, kind),
      owner: f.owner ?? 'root',
      group: f.group ?? 'root',
      uid: f.uid ?? 0,
      gid: f.gid ?? 0,
      size: content?.length ?? (kind === 'link' ? (f.target ?? '').length : 4096),
      mtime: f.mtime ?? DEFAULT_MTIME,
      sha1: content ? createHash('sha1').update(content).digest('hex') : undefined,
      linkTarget: kind === 'link' ? f.target : undefined,
    };
  }

  const ctx: ModuleContext = {
    host: { name: 'fixture', vars: spec.vars ?? {} },
    diff: spec.diff ?? false,
    offline: false,
    connection: undefined,
    fact<A, T>(fact: Fact<A, T>, args: A): Promise<T> {
      const key = factKey(fact, args);
      if (factOverrides.has(key)) return Promise.resolve(factOverrides.get(key) as T);
      const given = spec.facts?.[fact.name];
      if (given !== undefined) {
        if (!isCaseList(given)) return Promise.resolve(structuredClone(given) as T);
        const hit = given.find((c) => matchesArgs(c.args, args));
        if (hit) return Promise.resolve(structuredClone(hit.value) as T);
      }
      if (isControllerFact(fact)) return Promise.reject(new Error(`fixture: no value given for the controller fact ${fact.name}`));
      try {
        return Promise.resolve(fact.parse(answer(fact.command(args)), args));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    stat(path, opts) {
      return Promise.resolve(fileOverrides.get(path) ?? statOf(path, opts?.follow ?? false));
    },
    umask() {
      return Promise.resolve(spec.umask === undefined ? 0o022 : parseInt(String(spec.umask), 8));
    },
    readFile(path) {
      reads.push(path);
      const known = fileOverrides.get(path);
      if (known?.kind === 'missing') return Promise.resolve(null);
      if (known?.kind === 'file' && known.content) return Promise.resolve(known.content);
      const st = statOf(path, true);
      if (st.kind !== 'file') return Promise.resolve(null);
      let f = lookup(path);
      for (let i = 0; f && kindOf(f) === 'link' && i < 20; i++) f = lookup(posix.resolve(posix.dirname(path), f.target ?? ''));
      return Promise.resolve(f ? contentOf(f) : null);
    },
    probe(command: ShellCommand): Promise<ExecResult> {
      try {
        return Promise.resolve(answer(command));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    findLocal(kind, name) {
      const key = `${kind}/${name}`;
      if (spec.local?.[key] === undefined) return Promise.reject(new Error(`Could not find or access '${name}'`));
      return Promise.resolve(key);
    },
    readLocal(path) {
      const text = spec.local?.[path];
      if (text === undefined) return Promise.reject(new Error(`no local file ${path}`));
      return Promise.resolve(Buffer.from(text, 'utf8'));
    },
    async renderTemplate(path) {
      return renderVars((await ctx.readLocal(path)).toString('utf8'), spec.vars ?? {});
    },
    renderString(text) {
      return renderVars(text, spec.vars ?? {});
    },
    evaluate(expr) {
      return (spec.vars ?? {})[expr.trim()];
    },
    warn(message) {
      warnings.push(message);
    },
  };
  return {
    ctx,
    reads,
    probes,
    warnings,
    applyEffects(effects) {
      for (const e of effects) {
        if (e.kind === 'fact') factOverrides.set(e.key, e.value);
        else fileOverrides.set(e.path, e.state);
      }
    },
  };
}

/** Just enough templating for fixtures: {{ name }} from the variables. */
export function renderVars(text: string, vars: Record<string, unknown>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => String(vars[name] ?? ''));
}
