/**
 * The fake target of the module fixtures, as a Runner: it answers the commands a run sends, the
 * way a host holding the case's files would. The reads HostWorld itself makes (stat, whole-file
 * read, umask) are recognised by building the same commands with the real builders; everything
 * else must match one of the case's probes (recorded output), or the case fails with
 * "unexpected command".
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ShellCommand } from '../../src/connection/command.js';
import type { ExecResult } from '../../src/connection/types.js';
import { readFileCommand, type Runner } from '../../src/executor/host-world.js';
import { fileStat, type FileState } from '../../src/facts/file.js';
import { fileStatBatchCommand } from '../../src/facts/file-batch.js';
import { UMASK_COMMAND } from '../../src/facts/umask.js';

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

export interface FakeRunnerSpec {
  files?: Record<string, FakeFile> | undefined;
  /** Commands the target answers: probes, and the commands of facts not given by value. */
  probes?: FakeProbe[] | undefined;
  /** The target's umask, octal digits like "077"; default 022. */
  umask?: string | number | undefined;
}

export interface FakeRunner {
  run: Runner;
  /** The commands answered from the case's probes, in order. */
  probes: string[];
}

const DEFAULT_MTIME = 1_700_000_000;
const STAT_TYPES = { file: 'regular file', directory: 'directory', link: 'symbolic link', other: 'fifo' } as const;

export function contentOf(f: FakeFile): Buffer {
  if (f.base64 !== undefined) return Buffer.from(f.base64, 'base64');
  return Buffer.from(f.content ?? '', 'utf8');
}

function kindOf(f: FakeFile): NonNullable<FakeFile['kind']> {
  return f.kind ?? (f.target !== undefined ? 'link' : 'file');
}

function modeOf(f: FakeFile, kind: string): number {
  if (typeof f.mode === 'number') return f.mode;
  if (typeof f.mode === 'string') return parseInt(f.mode, 8);
  return kind === 'directory' ? 0o755 : kind === 'link' ? 0o777 : 0o644;
}

export function umaskOf(spec: FakeRunnerSpec): number {
  return spec.umask === undefined ? 0o022 : parseInt(String(spec.umask), 8);
}

/** A listed file's state, as a stat without following links reads it (content included). */
export function stateOf(f: FakeFile): FileState {
  const kind = kindOf(f);
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
    content,
  };
}

function result(stdout: string | Buffer, rc = 0, stderr = ''): ExecResult {
  const bytes = Buffer.isBuffer(stdout) ? stdout : Buffer.from(stdout);
  return { rc, stdout: bytes.toString('utf8'), stderr, stdoutBytes: bytes };
}

export function fakeRunner(spec: FakeRunnerSpec): FakeRunner {
  const files = new Map(Object.entries(spec.files ?? {}));
  const probes: string[] = [];
  const consumed = new Map<FakeProbe, number>();

  function lookup(path: string): FakeFile | undefined {
    const norm = posix.normalize(path);
    const f = files.get(norm) ?? files.get(path);
    if (f) return f;
    // Parents of listed paths exist as plain root directories.
    const prefix = norm.endsWith('/') ? norm : `${norm}/`;
    if (norm === '/' || [...files.keys()].some((p) => p.startsWith(prefix))) return { kind: 'directory' };
    return undefined;
  }

  /** The file a path names, links followed. */
  function resolve(path: string): FakeFile | undefined {
    let f = lookup(path);
    for (let i = 0; f && kindOf(f) === 'link' && i < 20; i++) {
      path = posix.resolve(posix.dirname(path), f.target ?? '');
      f = lookup(path);
    }
    return f && kindOf(f) === 'link' ? undefined : f;
  }

  /** What `fileStat`'s command prints for a path. */
  function statOutput(path: string, checksum: boolean, follow: boolean): ExecResult {
    const own = lookup(path);
    const f = follow ? resolve(path) : own;
    if (!own || !f) return result(`missing\n${umaskOf(spec).toString(8).padStart(4, '0')}\n`);
    const st = stateOf(f);
    if (st.kind === 'missing') return result('missing\n');
    const line = [STAT_TYPES[st.kind], st.mode.toString(8), st.owner, st.group, st.uid, st.gid, st.size, st.mtime].join('|');
    const sha1 = checksum && st.kind === 'file' ? (st.sha1 ?? '') : '';
    const link = kindOf(own) === 'link' ? `${own.target ?? ''}\n` : '';
    return result(`${line}\n${sha1}\n${link}`);
  }

  function readOutput(path: string): ExecResult {
    const f = resolve(path);
    if (!f) return result('', 3, 'missing\n');
    if (kindOf(f) !== 'file') return result('', 1, `cat: ${path}: Is a directory\n`);
    return result(contentOf(f));
  }

  /** What a batch read (fileStatBatchCommand) prints, if the command is one. */
  function batchOutput(command: ShellCommand, text: string): ExecResult | undefined {
    const quoted = command.parts.flatMap((p) => ('quote' in p ? [p.quote] : []));
    const separator = quoted[0];
    const format = quoted.indexOf('%F|%a|%U|%G|%u|%g|%s|%Y');
    if (!separator?.startsWith('PLAY-STAT-') || format < 0) return undefined;
    const paths = quoted.slice(2, format);
    const contentPaths = new Set(quoted.slice(format + 1));
    const batch = fileStatBatchCommand(paths.map((path) => ({ path, content: contentPaths.has(path) })), separator);
    if (batch.command.render() !== text) return undefined;
    const states = batch.paths.map((path) => {
      const f = lookup(path);
      return f ? stateOf(f) : undefined;
    });
    const section = (lines: string[]): string => lines.map((l) => `${l}\n`).join('') + `${separator}\n`;
    const existing = states.flatMap((st) => (st === undefined || st.kind === 'missing' ? [] : [st]));
    const contents = batch.contentPaths.flatMap((path) => {
      const st = states[batch.paths.indexOf(path)];
      return st?.kind === 'file' && st.content ? [st.content] : [];
    });
    const out =
      section(states.map((st) => (st === undefined ? 'm' : st.kind === 'link' ? 'l' : 'e'))) +
      section(existing.map((st) => [STAT_TYPES[st.kind], st.mode.toString(8), st.owner, st.group, st.uid, st.gid, st.size, st.mtime].join('|'))) +
      section(batch.paths.flatMap((path, i) => (states[i]?.kind === 'file' ? [`${states[i].sha1 ?? ''}  ${path}`] : []))) +
      section(existing.flatMap((st) => (st.kind === 'link' ? [st.linkTarget ?? ''] : []))) +
      section([Buffer.concat(contents).toString('base64')]) +
      section([umaskOf(spec).toString(8).padStart(4, '0')]);
    return result(out);
  }

  /** The target's answer to one of HostWorld's own reads, if the command is one. */
  function worldRead(command: ShellCommand, text: string): ExecResult | undefined {
    if (text === UMASK_COMMAND.render()) return result(`${umaskOf(spec).toString(8).padStart(4, '0')}\n`);
    const batch = batchOutput(command, text);
    if (batch) return batch;
    const first = command.parts.find((p): p is { quote: string } => 'quote' in p);
    if (!first) return undefined;
    const path = first.quote;
    if (readFileCommand(path).render() === text) return readOutput(path);
    for (const checksum of [true, false]) {
      for (const follow of [false, true]) {
        if (fileStat.command({ path, checksum, follow }).render() === text) return statOutput(path, checksum, follow);
      }
    }
    return undefined;
  }

  function probeAnswer(text: string): ExecResult {
    const p = (spec.probes ?? []).find((candidate) => new RegExp(candidate.match).test(text));
    if (!p) throw new Error(`unexpected command: ${text}`);
    probes.push(text);
    let out: RecordedOutput = p;
    if (p.responses?.length) {
      const i = consumed.get(p) ?? 0;
      consumed.set(p, i + 1);
      out = p.responses[Math.min(i, p.responses.length - 1)] ?? p;
    }
    return result(out.stdout ?? '', out.rc ?? 0, out.stderr ?? '');
  }

  return {
    probes,
    run(command) {
      try {
        const text = command.render();
        return Promise.resolve(worldRead(command, text) ?? probeAnswer(text));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
  };
}
