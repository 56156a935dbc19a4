/**
 * A fake target for module fixtures: the files a case lists are the target's state, served
 * through the same ModuleContext a real run uses (stat with sha1, readFile, probes).
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ShellCommand } from '../../src/connection/command.js';
import type { ExecResult } from '../../src/connection/types.js';
import type { FileState } from '../../src/facts/file.js';
import type { ModuleContext } from '../../src/modules/types.js';

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

export interface FakeProbe {
  /** Regular expression tested against the rendered command. */
  match: string;
  rc?: number;
  stdout?: string;
  stderr?: string;
}

export interface FakeTargetSpec {
  files?: Record<string, FakeFile> | undefined;
  local?: Record<string, string> | undefined;
  vars?: Record<string, unknown> | undefined;
  diff?: boolean | undefined;
  probes?: FakeProbe[] | undefined;
}

export interface FakeTarget {
  ctx: ModuleContext;
  reads: string[];
  probes: string[];
  warnings: string[];
}

const DEFAULT_MTIME = 1_700_000_000;

function contentOf(f: FakeFile): Buffer {
  if (f.base64 !== undefined) return Buffer.from(f.base64, 'base64');
  return Buffer.from(f.content ?? '', 'utf8');
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
    connection: undefined,
    fact() {
      return Promise.reject(new Error('fixtures provide no facts'));
    },
    stat(path, opts) {
      return Promise.resolve(statOf(path, opts?.follow ?? false));
    },
    readFile(path) {
      reads.push(path);
      const st = statOf(path, true);
      if (st.kind !== 'file') return Promise.resolve(null);
      let f = lookup(path);
      for (let i = 0; f && kindOf(f) === 'link' && i < 20; i++) f = lookup(posix.resolve(posix.dirname(path), f.target ?? ''));
      return Promise.resolve(f ? contentOf(f) : null);
    },
    probe(command: ShellCommand): Promise<ExecResult> {
      const text = command.render();
      probes.push(text);
      const p = (spec.probes ?? []).find((candidate) => new RegExp(candidate.match).test(text));
      if (!p) return Promise.reject(new Error(`unexpected probe: ${text}`));
      const stdout = p.stdout ?? '';
      return Promise.resolve({ rc: p.rc ?? 0, stdout, stderr: p.stderr ?? '', stdoutBytes: Buffer.from(stdout) });
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
  return { ctx, reads, probes, warnings };
}

/** Just enough templating for fixtures: {{ name }} from the variables. */
export function renderVars(text: string, vars: Record<string, unknown>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => String(vars[name] ?? ''));
}
