import { sh } from '../connection/command.js';
import type { ShellFact } from './types.js';
import { parseUmask } from './umask.js';

/** What a path is on the target: a tagged union, never dict|false|null. */
export type FileState =
  | { kind: 'missing' }
  | {
      kind: 'file' | 'directory' | 'link' | 'other';
      mode: number; // permission bits, e.g. 0o644
      owner: string;
      group: string;
      uid: number;
      gid: number;
      size: number;
      mtime: number; // seconds since epoch
      sha1?: string | undefined; // regular files when asked for
      linkTarget?: string | undefined; // links
      /** Known content (set by simulated writes in check mode, or after a read). */
      content?: Buffer | undefined;
    };

export interface FileStatArgs {
  path: string;
  checksum?: boolean;
  follow?: boolean;
}

const STAT_FORMAT = '%F|%a|%U|%G|%u|%g|%s|%Y';

/**
 * stat + sha1 in one round trip with coreutils only (works on CentOS 5's coreutils 5.97).
 * Output: line 1 "missing" or the stat line; line 2 the sha1 (regular files, when asked);
 * line 3 the link target (symlinks). After "missing" comes the session's umask (a builtin):
 * a missing path is usually about to be created, and its mode depends on it (missingUmask).
 */
export const fileStat: ShellFact<FileStatArgs, FileState> = {
  name: 'file.stat',
  lifetime: 'files',
  offline: () => ({ kind: 'missing' }),
  command({ path, checksum = true, follow = false }) {
    const L = follow ? ' -L' : '';
    return sh`p=${path}; if [ -e "$p" ] || [ -L "$p" ]; then stat${{ raw: L }} -c ${STAT_FORMAT} -- "$p" || exit 1; if [ -f "$p" ] && [ ${checksum ? '1' : '0'} = 1 ] && { [ ! -L "$p" ] || [ ${follow ? '1' : '0'} = 1 ]; }; then sha1sum < "$p" | cut -d' ' -f1 || exit 1; else echo; fi; if [ -L "$p" ]; then readlink -- "$p"; fi; else echo missing; umask; fi`;
  },
  parse(result, { path }) {
    if (result.rc !== 0) throw new Error(`cannot stat ${path}: ${result.stderr.trim() || `exit ${result.rc}`}`);
    return parseStatOutput(result.stdout);
  },
};

/** The umask printed after "missing", if the path was missing. */
export function missingUmask(stdout: string): number | undefined {
  const [first, second] = stdout.split('\n');
  return first === 'missing' && second !== undefined ? parseUmask(second) : undefined;
}

export function parseStatOutput(stdout: string): FileState {
  const lines = stdout.split('\n');
  const first = lines[0] ?? '';
  if (first === 'missing') return { kind: 'missing' };
  const [type = '', mode = '0', owner = '', group = '', uid = '0', gid = '0', size = '0', mtime = '0'] = first.split('|');
  const kind = type.startsWith('regular')
    ? 'file'
    : type === 'directory'
      ? 'directory'
      : type === 'symbolic link'
        ? 'link'
        : 'other';
  const sha1 = lines[1]?.trim() || undefined;
  const linkTarget = kind === 'link' ? lines.slice(2).join('\n').replace(/\n$/, '') : undefined;
  return {
    kind,
    mode: parseInt(mode, 8),
    owner,
    group,
    uid: Number(uid),
    gid: Number(gid),
    size: Number(size),
    mtime: Number(mtime),
    sha1,
    linkTarget,
  };
}
