import { createHash, randomBytes } from 'node:crypto';
import { quote, rawCommand, sh, type ShellCommand } from '../connection/command.js';
import type { ExecResult } from '../connection/types.js';
import type { FileState } from './file.js';
import { parseUmask } from './umask.js';

/**
 * Several paths' stat + sha1 (and, for regular files asked for, their content) in one round trip
 * and a handful of processes whatever the number of paths: shell builtins tell the kinds, then one
 * stat, one sha1sum, one readlink and one cat for all of them (coreutils only). The output has
 * six sections, each ended by the separator line:
 *
 *   1. per path: "l" (symlink), "e" (exists), "m" (missing)
 *   2. stat lines of the existing paths, in order
 *   3. sha1sum lines of the regular files, in order
 *   4. readlink lines of the symlinks, in order
 *   5. base64 of the asked-for regular files' contents, concatenated, cut at BATCH_CONTENT_LIMIT
 *   6. the session's umask (a builtin: what files created by these tasks' writes will get)
 */

export interface BatchRequest {
  path: string;
  /** Also read the content (editing modules: lineinfile, blockinfile, …). */
  content: boolean;
}

/** At most this many bytes of content per batch; files beyond it are read by their task. */
export const BATCH_CONTENT_LIMIT = 256 * 1024;

/**
 * At most this many bytes of quoted paths per batch, well inside MAX_COMMAND_BYTES: a read-ahead
 * of many long paths must not build a command the target refuses (or that makes sshd drop the
 * connection). Paths beyond it are read by their own tasks.
 */
export const BATCH_PATH_BYTES = 64 * 1024;

const STAT_FORMAT = '%F|%a|%U|%G|%u|%g|%s|%Y';

export interface BatchCommand {
  command: ShellCommand;
  separator: string;
  paths: string[];
  contentPaths: string[];
}

/** `name() { keep only regular files (or links) of "$@"; then run cmd on them }` */
const filtered = (name: string, test: string, run: string): string =>
  `${name}() { n=$#; while [ "$n" -gt 0 ]; do p=$1; shift; n=$((n-1)); if ${test}; then set -- "$@" "$p"; fi; done; [ $# -eq 0 ] || ${run}; }; `;
const REGULAR = '[ -f "$p" ] && [ ! -L "$p" ]';

export function fileStatBatchCommand(requests: readonly BatchRequest[], separator = `PLAY-STAT-${randomBytes(6).toString('hex')}`): BatchCommand {
  const { paths, contentPaths } = sendablePaths(requests);
  let command = sh`s=${separator}; `
    .concat(rawCommand('kinds() { for p; do if [ -L "$p" ]; then echo l; elif [ -e "$p" ]; then echo e; else echo m; fi; done; }; '))
    .concat(rawCommand(filtered('sums', REGULAR, 'sha1sum -- "$@"')))
    .concat(rawCommand(filtered('links', '[ -L "$p" ]', 'readlink -- "$@"')))
    .concat(sh`contents() { n=$#; while [ "$n" -gt 0 ]; do p=$1; shift; n=$((n-1)); if ${{ raw: REGULAR }}; then set -- "$@" "$p"; fi; done; [ $# -eq 0 ] || cat -- "$@" | head -c ${String(BATCH_CONTENT_LIMIT + 1)} | base64 -w0; echo; }; `)
    .concat(rawCommand('set --'));
  for (const p of paths) command = command.concat(sh` ${p}`);
  command = command.concat(sh`; kinds "$@"; echo "$s"; stat -c ${STAT_FORMAT} -- "$@" 2>/dev/null; echo "$s"; sums "$@" 2>/dev/null; echo "$s"; links "$@" 2>/dev/null; echo "$s"; contents`);
  for (const p of contentPaths) command = command.concat(sh` ${p}`);
  command = command.concat(rawCommand(' 2>/dev/null; echo "$s"; umask; echo "$s"'));
  return { command, separator, paths, contentPaths };
}

/**
 * The requests that go into one batch, in order, each path once: a path with a NUL byte cannot
 * be sent at all (its task fails on its own, with a clear error), and the paths stop at
 * BATCH_PATH_BYTES.
 */
function sendablePaths(requests: readonly BatchRequest[]): { paths: string[]; contentPaths: string[] } {
  const wanted = new Map<string, boolean>();
  for (const r of requests) if (!r.path.includes('\0')) wanted.set(r.path, (wanted.get(r.path) ?? false) || r.content);
  const paths: string[] = [];
  const contentPaths: string[] = [];
  let bytes = 0;
  for (const [path, content] of wanted) {
    // a path is sent once for stat and once more when its content is read
    bytes += (Buffer.byteLength(quote(path)) + 1) * (content ? 2 : 1);
    if (bytes > BATCH_PATH_BYTES) break;
    paths.push(path);
    if (content) contentPaths.push(path);
  }
  return { paths, contentPaths };
}

/**
 * The states read, by path; a path missing from the map could not be read consistently (it
 * changed while being read, or a permission problem): its task reads it on its own.
 */
export function parseFileStatBatch(result: ExecResult, batch: BatchCommand): Map<string, FileState> {
  const out = new Map<string, FileState>();
  const sections = batchSections(result, batch);
  if (sections === undefined) return out;
  const [kindText, statText, sumText, linkText, contentText] = sections as [string, string, string, string, string];
  const kinds = lines(kindText);
  const stats = lines(statText);
  if (kinds.length !== batch.paths.length || stats.length !== kinds.filter((k) => k !== 'm').length) return out;

  const states = new Map<string, FileState & { kind: 'file' | 'directory' | 'link' | 'other' }>();
  let si = 0;
  batch.paths.forEach((path, i) => {
    if (kinds[i] === 'm') out.set(path, { kind: 'missing' });
    else states.set(path, parseStatLine(stats[si++] as string));
  });
  const regular = [...states].filter(([, s]) => s.kind === 'file');
  const sums = lines(sumText).map((l) => /^\\?([0-9a-f]{40}) /.exec(l)?.[1]);
  const sumsOk = sums.length === regular.length && sums.every((s) => s !== undefined);
  const linkPaths = [...states].filter(([, s]) => s.kind === 'link');
  const targets = lines(linkText);
  const linksOk = targets.length === linkPaths.length;
  regular.forEach(([, s], i) => (s.sha1 = sumsOk ? sums[i] : undefined));
  linkPaths.forEach(([, s], i) => (s.linkTarget = linksOk ? targets[i] : undefined));

  // contents: the asked-for regular files, concatenated in order, cut at the limit
  const bytes = Buffer.from(contentText.trim(), 'base64');
  let offset = 0;
  for (const p of batch.contentPaths) {
    const s = states.get(p);
    if (!s || s.kind !== 'file') continue;
    if (offset + s.size > Math.min(bytes.length, BATCH_CONTENT_LIMIT)) break;
    const content = bytes.subarray(offset, offset + s.size);
    offset += s.size;
    if (s.sha1 !== undefined && createHash('sha1').update(content).digest('hex') === s.sha1) s.content = Buffer.from(content);
  }
  for (const [p, s] of states) {
    // a regular file without its sha1, or a link without its target, is left for its task to read
    if ((s.kind === 'file' && s.sha1 === undefined) || (s.kind === 'link' && s.linkTarget === undefined)) continue;
    out.set(p, s);
  }
  return out;
}

/** The umask the batch read, if it ran through. */
export function parseBatchUmask(result: ExecResult, batch: BatchCommand): number | undefined {
  const umaskText = batchSections(result, batch)?.[5];
  return umaskText === undefined ? undefined : parseUmask(umaskText);
}

function batchSections(result: ExecResult, batch: BatchCommand): string[] | undefined {
  if (result.rc !== 0) return undefined;
  const sections = result.stdout.split(`${batch.separator}\n`);
  return sections.length === 7 ? sections : undefined;
}

function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function parseStatLine(line: string): FileState & { kind: 'file' | 'directory' | 'link' | 'other' } {
  const [type = '', mode = '0', owner = '', group = '', uid = '0', gid = '0', size = '0', mtime = '0'] = line.split('|');
  const kind = type.startsWith('regular') ? 'file' : type === 'directory' ? 'directory' : type === 'symbolic link' ? 'link' : 'other';
  return { kind, mode: parseInt(mode, 8), owner, group, uid: Number(uid), gid: Number(gid), size: Number(size), mtime: Number(mtime) };
}
